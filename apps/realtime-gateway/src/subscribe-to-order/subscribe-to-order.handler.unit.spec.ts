import { describe, expect, it } from '@jest/globals';
import type { VerifiedAccess } from '@pattern-shop/access-tokens';
import type { FetchOrderStatus } from '@pattern-shop/realtime-client';
import { SubscribeToOrderHandler } from './subscribe-to-order.handler.js';

const orderId = '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const expiresAt = new Date('2026-11-23T11:00:00Z');
const orderToken: VerifiedAccess = { scope: 'order', customerId: 'c-1', orderId, expiresAt };
const customerToken: VerifiedAccess = { scope: 'customer', customerId: 'c-1', expiresAt };
const pending = {
  orderId,
  status: 'PENDING',
  statusVersion: 1,
  at: '2026-11-23T10:00:00Z',
} as const;

const handlerAnswering = (fetchStatus: FetchOrderStatus) => {
  const asked: string[] = [];
  const handler = new SubscribeToOrderHandler({
    fetchStatusWith: (token) => async (id) => (asked.push(token), fetchStatus(id)),
  });
  return { handler, asked };
};
const found: FetchOrderStatus = async () => ({ kind: 'found', status: pending });
const notFound: FetchOrderStatus = async () => ({ kind: 'not-found' });
const down: FetchOrderStatus = async () => {
  throw new Error('connect ECONNREFUSED');
};
const live = { currentStatus: false };

describe('who may follow an order', () => {
  it('given an order token for the order, then it is let in without asking order-service', async () => {
    const { handler, asked } = handlerAnswering(down);
    expect(await handler.authorize(orderToken, 'tok', orderId, live)).toEqual({ ok: true });
    expect(asked).toEqual([]);
  });

  it('given an order token for another order, then forbidden', async () => {
    const { handler } = handlerAnswering(found);
    const other = '1b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
    expect(await handler.authorize(orderToken, 'tok', other, live)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it("given a customer token, then order-service decides with the client's own token, and someone else's order is not-found", async () => {
    const mine = handlerAnswering(found);
    expect(await mine.handler.authorize(customerToken, 'tok', orderId, live)).toEqual({
      ok: true,
      status: pending,
    });
    expect(mine.asked).toEqual(['tok']);
    const theirs = handlerAnswering(notFound);
    expect(await theirs.handler.authorize(customerToken, 'tok', orderId, live)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('given order-service down, then a customer token is told to retry, an order token is let in', async () => {
    const { handler } = handlerAnswering(down);
    expect(await handler.authorize(customerToken, 'tok', orderId, live)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(await handler.authorize(orderToken, 'tok', orderId, { currentStatus: true })).toEqual({
      ok: true,
    });
  });

  it('given something that is not an order id, then invalid-request', async () => {
    const { handler } = handlerAnswering(found);
    expect(await handler.authorize(customerToken, 'tok', '../admin', live)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
  });

  it('given subscribe-customer, then only a customer token is let in', () => {
    const { handler } = handlerAnswering(found);
    expect(handler.authorizeCustomer(customerToken)).toEqual({ ok: true });
    expect(handler.authorizeCustomer(orderToken)).toMatchObject({ ok: false });
  });
});
