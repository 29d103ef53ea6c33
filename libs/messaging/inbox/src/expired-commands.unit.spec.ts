import { describe, expect, it } from '@jest/globals';
import { hasExpired } from './expired-commands.js';

const EXPIRES_AT = new Date('2026-12-03T13:00:00.000Z');
const after = (ms: number) => new Date(EXPIRES_AT.getTime() + ms);
const GRACE_MS = 5_000;

describe('hasExpired: a command past its step deadline', () => {
  it('given a command without an expiry (an older sender), when it arrives however late, then it never expires', () => {
    expect(hasExpired(undefined, after(86_400_000), GRACE_MS)).toBe(false);
  });

  it('given a command before its expiry, then it is live', () => {
    expect(hasExpired(EXPIRES_AT, after(-1), GRACE_MS)).toBe(false);
  });

  it('given a consumer clock up to the grace ahead, when the expiry seems just past, then the command is still live', () => {
    expect(hasExpired(EXPIRES_AT, after(1), GRACE_MS)).toBe(false);
    expect(hasExpired(EXPIRES_AT, after(GRACE_MS), GRACE_MS)).toBe(false);
  });

  it('given a command past its expiry by more than the grace, then it has expired', () => {
    expect(hasExpired(EXPIRES_AT, after(GRACE_MS + 1), GRACE_MS)).toBe(true);
  });
});
