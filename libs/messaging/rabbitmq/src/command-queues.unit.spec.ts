import { describe, expect, it } from '@jest/globals';
import { expiresAtOf } from './command-queues.js';

const delivery = (headers: Record<string, unknown>) => ({
  routingKey: 'payment.commands',
  headers,
  redelivered: false,
});

describe('expiresAtOf: the expiry a command delivery carries', () => {
  it('given an expires-at header, then it is read as that instant', () => {
    const headers = { 'expires-at': '2026-12-03T13:00:30.000Z' };

    expect(expiresAtOf(delivery(headers))).toEqual(new Date('2026-12-03T13:00:30.000Z'));
  });

  it('given no expires-at header (an older sender or a compensation), then it has no expiry', () => {
    expect(expiresAtOf(delivery({ 'message-id': 'm-1' }))).toBeUndefined();
  });

  it('given an expires-at that is not a date, then it has no expiry rather than refusing live work', () => {
    expect(expiresAtOf(delivery({ 'expires-at': 'soon' }))).toBeUndefined();
    expect(expiresAtOf(delivery({ 'expires-at': 1_700_000_000 }))).toBeUndefined();
  });
});
