import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { infra, type ServiceProcess, waitFor } from '@pattern-shop/testing';
import {
  deadLetteredCharges,
  type Ledger,
  paymentOf,
  providerNetOf,
  repairsCounted,
  STAFF,
  startStack,
} from '../support/charge-outcome.js';
import { orderReaching, placeCheckout, provider, sagaOf } from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';

describe('pattern 5: an unknown charge outcome is never taken as "not charged"', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();

  beforeAll(async () => {
    await infra('up');
    apps = await startStack();
  }, 180_000);

  afterEach(() => provider.reset());

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given a provider slower than payment-service waits, capturing charges whose answers come too late, when the saga gives up on the charge, then it finds the charge and refunds it before the order is CANCELLED, on both books, with no person involved', async () => {
    const sku = await products.add(5);
    const paymentUrl = apps['payment']?.baseUrl ?? '';
    const deadLettersBefore = await deadLetteredCharges(paymentUrl);
    await provider.behave({ latencyMs: 1_500 });
    const order = await placeCheckout([{ sku, quantity: 2 }]);
    products.orderIds.push(order.orderId);
    const total = order.answer.body.total.amountCents as number;

    // As reported: the charge is captured, payment-service saw timeouts and dead-lettered it,
    // and the saga's charge deadline passed.
    await waitFor('the charge to be captured at the provider', async () =>
      (await providerNetOf(order.orderId)).net === total ? true : undefined,
    );
    await waitFor('ChargePayment to be dead-lettered', async () =>
      (await deadLetteredCharges(paymentUrl)) > deadLettersBefore ? true : undefined,
    );
    await waitFor('the saga to give up on the charge', async () =>
      (await sagaOf(order.orderId)).status !== 'CHARGING' ? true : undefined,
    );
    expect(await paymentOf(order.orderId)).toBeUndefined(); // payment-service never saw an answer
    await provider.reset(); // the slow spell ends; nobody touches the saga

    const cancelled = await orderReaching(order, 'CANCELLED', 20_000);
    expect(cancelled.history.at(-1).reason).toBe('payment timed out');
    const { ledger, net } = await waitFor(
      'the captured charge to be refunded at the provider',
      async () => {
        const books = await providerNetOf(order.orderId);
        return books.ledger.refunds.length > 0 ? books : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(ledger.charges.filter((charge) => charge.status === 'captured')).toHaveLength(1);
    expect(net).toBe(0);
    expect(await paymentOf(order.orderId)).toEqual({
      status: 'REFUNDED',
      amount_cents: String(total),
    });
    const saga = await sagaOf(order.orderId);
    expect(saga.steps.map((step: { to: string }) => step.to)).toEqual(
      expect.arrayContaining(['VOIDING', 'REFUNDING', 'CANCELLED']),
    );
    expect(saga.steps.map((step: { input: string }) => step.input)).not.toContain('RetryRequested');
  }, 90_000);

  it('given an order cancelled after a void found nothing, when reconciliation finds a charge for it and an operator repairs it, then the charge is refunded once and the repair counted', async () => {
    const sku = await products.add(5);
    await provider.behave({ errorRate: 1 }); // every charge fails at once: nothing is captured
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);
    await orderReaching(order, 'CANCELLED', 20_000);
    expect((await providerNetOf(order.orderId)).ledger.charges).toEqual([]);
    await provider.reset();
    // What the nightly reconciliation reports as `unrefunded_charge`: money the saga never saw.
    const captured = await fetch('http://127.0.0.1:3007/charges', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': order.orderId },
      body: JSON.stringify({
        orderId: order.orderId,
        customerId: 'cust-reconciled',
        amountCents: 100,
        currency: 'EUR',
      }),
    });
    expect(captured.status).toBe(201);
    const repair = (headers = STAFF) =>
      fetch(`${apps['order']?.baseUrl}/sagas/${order.orderId}/repair`, { method: 'POST', headers });

    expect((await repair({ authorization: 'Bearer wrong-token-of-sixteen' })).status).toBe(401);
    expect((await repair()).status).toBe(202);

    const { net } = await waitFor('the repair to refund the charge', async () => {
      const books = await providerNetOf(order.orderId);
      return books.ledger.refunds.length > 0 ? books : undefined;
    });
    expect(net).toBe(0);
    await waitFor('the saga to end CANCELLED again', async () =>
      (await sagaOf(order.orderId)).status === 'CANCELLED' ? true : undefined,
    );
    expect((await repair()).status).toBe(202); // idempotent: refunded once, however often asked
    await waitFor('the second repair to end', async () =>
      (await sagaOf(order.orderId)).status === 'CANCELLED' ? true : undefined,
    );
    expect((await providerNetOf(order.orderId)).ledger.refunds).toHaveLength(1);
    const metrics = await (await fetch(`${apps['order']?.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^checkout_saga_repairs_total\{result="started"[^}]*\} [2-9]/m);
    const steps = (await sagaOf(order.orderId)).steps as Array<{ input: string }>;
    expect(steps.filter((step) => step.input === 'RepairRequested')).toHaveLength(2);
  }, 90_000);

  it('given a CONFIRMED order, an unknown order or a bad id, when an operator asks for a repair, then 409, 404 or 400, nothing is sent and the refusal is counted', async () => {
    const sku = await products.add(5);
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);
    await orderReaching(order, 'CONFIRMED');
    const repair = (orderId: string) =>
      fetch(`${apps['order']?.baseUrl}/sagas/${orderId}/repair`, {
        method: 'POST',
        headers: STAFF,
      });
    const refusedBefore = await repairsCounted(apps['order']?.baseUrl ?? '', 'refused');

    const refused = await repair(order.orderId);

    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await repair('6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b')).status).toBe(404);
    expect((await repair('not-an-order')).status).toBe(400);
    expect(await repairsCounted(apps['order']?.baseUrl ?? '', 'refused')).toBe(refusedBefore + 1);
    expect((await sagaOf(order.orderId)).status).toBe('CONFIRMED');
    const ledger = (await provider.ledgerOf(order.orderId)) as Ledger;
    expect(ledger.refunds).toEqual([]);
  }, 60_000);
});
