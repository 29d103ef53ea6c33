import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, fullJitterDelayMs } from './backoff.js';

const settings = { baseMs: 500, maxMs: 4_000 };

describe('full-jitter backoff', () => {
  it('given attempts 1 to 5, when random is at its top, then the ceiling doubles up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) =>
      fullJitterDelayMs(attempt, settings, () => 1),
    );
    expect(ceilings).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });

  it('given random draws, then every wait lies anywhere in [0, ceiling)', () => {
    expect(fullJitterDelayMs(3, settings, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, settings, () => 0.25)).toBe(500);
    expect(fullJitterDelayMs(3, settings, () => 0.9999)).toBeLessThan(2_000);
  });

  it('given a thousand clients failing together, when each draws its wait, then they spread over the whole window', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const waits = Array.from({ length: 1_000 }, () => fullJitterDelayMs(1, settings, random));
    const perTenth = Array.from(
      { length: 10 },
      (_, i) => waits.filter((w) => w >= i * 50 && w < (i + 1) * 50).length,
    );
    expect(Math.min(...perTenth)).toBeGreaterThan(60);
    expect(Math.max(...perTenth)).toBeLessThan(140);
  });

  it('given jitter none, when clients draw their waits, then each waits the whole ceiling, whatever random says', () => {
    const none = { ...settings, jitter: 'none' as const };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, none, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    expect(backoffDelayMs(3, settings, () => 0.25)).toBe(500);
  });
});
