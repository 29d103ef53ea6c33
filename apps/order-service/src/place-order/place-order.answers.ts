import { signAccessToken } from '@pattern-shop/access-tokens';
import type { StoredAnswer } from '../idempotency/idempotency-keys.js';
import type { NewOrder } from './new-order.js';

const problemType = (name: string) => `https://pattern-shop.dev/problems/${name}`;

export type Refusal = Readonly<{ kind: 'unknown-skus' | 'out-of-stock'; skus: string[] }>;

/** The 202 of an accepted order, with the access token that lets its customer follow it. */
export const acceptedAnswer = (
  order: NewOrder,
  tokens: Readonly<{ secret: string; ttlSeconds: number }>,
): StoredAnswer => ({
  status: 202,
  body: {
    orderId: order.id,
    status: 'PENDING',
    statusVersion: 1,
    total: { amountCents: order.totalCents, currency: order.currency },
    availabilityChecked: order.availabilityChecked,
    accessToken: signAccessToken(
      { scope: 'order', customerId: order.customerId, orderId: order.id },
      { secret: tokens.secret, now: order.placedAt, ttlSeconds: tokens.ttlSeconds },
    ),
    links: { self: `/orders/${order.id}` },
  },
});

/** A refusal is stored as the key's answer too, so a retry cannot turn a 422 into an order. */
export const refusedAnswer = ({ kind, skus }: Refusal): StoredAnswer => ({
  status: 422,
  body: {
    type: problemType(kind === 'unknown-skus' ? 'unknown-sku' : 'insufficient-stock'),
    title: 'Unprocessable Entity',
    status: 422,
    detail: `${kind === 'unknown-skus' ? 'unknown sku' : 'not enough stock for'}: ${skus.join(', ')}`,
    instance: '/orders',
  },
});
