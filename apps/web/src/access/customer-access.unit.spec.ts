import { describe, expect, it } from '@jest/globals';
import { signAccessToken } from '@pattern-shop/access-tokens';
import { customerAccess } from './customer-access.js';

const now = new Date('2026-12-03T10:00:00Z');
const settings = {
  secret: 'a-unit-test-secret-of-32-characters!',
  now: () => now,
};
const sign = (claims: Parameters<typeof signAccessToken>[0]) =>
  signAccessToken(claims, { secret: settings.secret, now, ttlSeconds: 600 });

describe('customer access to the storefront', () => {
  it('given a customer token, then the customer comes from the token', () => {
    const token = sign({ scope: 'customer', customerId: 'guest-1' });
    expect(customerAccess(`Bearer ${token}`, settings)).toEqual({ customerId: 'guest-1', token });
  });

  it('given no token, then it is refused with 401 before anything is asked', () => {
    expect(() => customerAccess(undefined, settings)).toThrow(
      expect.objectContaining({ status: 401 }),
    );
  });

  it('given an order token, then it is refused: it names one order, not a customer', () => {
    const token = sign({ scope: 'order', customerId: 'guest-1', orderId: 'o-1' });
    expect(() => customerAccess(`Bearer ${token}`, settings)).toThrow(
      expect.objectContaining({ status: 401 }),
    );
  });

  it('given a token signed with another secret, then it is refused', () => {
    const forged = signAccessToken(
      { scope: 'customer', customerId: 'guest-2' },
      { secret: 'another-secret-of-at-least-32-chars!', now, ttlSeconds: 600 },
    );
    expect(() => customerAccess(`Bearer ${forged}`, settings)).toThrow(
      'access token signature does not match',
    );
  });
});
