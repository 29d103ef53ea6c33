import { describe, expect, it } from '@jest/globals';
import {
  grantsOrder,
  InvalidAccessTokenError,
  signAccessToken,
  verifyAccessToken,
} from './access-token.js';

const secret = 'unit-test-secret';
const now = new Date('2026-11-23T10:00:00Z');
const orderToken = signAccessToken(
  { scope: 'order', customerId: 'c-1', orderId: 'o-1' },
  { secret, now, ttlSeconds: 900 },
);

describe('access tokens', () => {
  it('given an order token, when verified before it expires, then it names the customer and the order', () => {
    expect(verifyAccessToken(orderToken, { secret, now })).toEqual({
      scope: 'order',
      customerId: 'c-1',
      orderId: 'o-1',
      expiresAt: new Date('2026-11-23T10:15:00Z'),
    });
  });

  it('given a token, when verified after its expiry, then it is refused as expired', () => {
    expect(() =>
      verifyAccessToken(orderToken, { secret, now: new Date('2026-11-23T10:15:00Z') }),
    ).toThrow('access token expired');
  });

  it('given a token signed with another secret, then it is refused', () => {
    expect(() => verifyAccessToken(orderToken, { secret: 'other', now })).toThrow(
      InvalidAccessTokenError,
    );
  });

  it('given a token whose claims were edited, then the signature no longer matches', () => {
    const [header, body, mac] = orderToken.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    edited['sub'] = 'c-2';
    const forged = `${header}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`;
    expect(() => verifyAccessToken(forged, { secret, now })).toThrow('signature does not match');
  });

  it('given a token with alg none and no signature, then it is refused: the algorithm is pinned', () => {
    const [, body] = orderToken.split('.') as [string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(() => verifyAccessToken(`${none}.${body}.`, { secret, now })).toThrow(
      'malformed access token',
    );
  });

  it('given garbage, then it is refused as malformed', () => {
    expect(() => verifyAccessToken('not-a-token', { secret, now })).toThrow(
      'malformed access token',
    );
  });

  it('given an order token, then it grants that order only; a customer token grants all of its orders', () => {
    const customer = { scope: 'customer', customerId: 'c-1' } as const;
    const order = { scope: 'order', customerId: 'c-1', orderId: 'o-1' } as const;
    expect(grantsOrder(order, 'c-1', 'o-1')).toBe(true);
    expect(grantsOrder(order, 'c-1', 'o-2')).toBe(false);
    expect(grantsOrder(customer, 'c-1', 'o-2')).toBe(true);
    expect(grantsOrder(customer, 'c-2', 'o-3')).toBe(false);
  });
});
