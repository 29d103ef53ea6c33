import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { infra, queryServiceDb, type ServiceProcess, waitFor } from '@pattern-shop/testing';
import {
  orderReaching,
  placeCheckout,
  type PlacedOrder,
  provider,
  sagaOf,
  startCheckoutStack,
  startOrderService,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';
import { newCustomerId, placeOrder } from '../support/order-api.js';

type Ledger = {
  charges: Array<{ status: string; amountCents: number }>;
  refunds: Array<{ amountCents: number }>;
};

/** Pattern 5 under the failures an orchestrator meets: its own crash, and a crowd of buyers. */
describe('pattern 5, the checkout saga: durable across crashes, exact under concurrency', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();
  // The restart must not race the charge deadline: on a busy machine order-service takes longer
  // than the suite's 5 s to come back, and the saga would rightly void the charge instead.
  const orderSettings = { SAGA_CHARGE_TIMEOUT_MS: '60000' };

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack({ orderSettings });
  }, 180_000);

  afterAll(async () => {
    await provider.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given order-service killed while the charge runs, when it restarts, then the saga continues from its stored state and confirms', async () => {
    const sku = await products.add(5);
    await provider.behave({ latencyMs: 1_000 });
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);

    // Between steps: ChargePayment left the outbox, its reply has not come back yet.
    await waitFor('ChargePayment to be published', async () => {
      const [row] = await queryServiceDb<{ published: boolean }>(
        'order-service',
        `SELECT published_at IS NOT NULL AS published FROM outbox
          WHERE aggregate_id = $1 AND type = 'ChargePayment'`,
        [order.orderId],
      );
      return row?.published === true ? true : undefined;
    });
    await apps['order']?.kill(); // SIGKILL: no shutdown hook runs
    // The kill landed mid-saga: the stored state still waits for the charge's reply.
    const [stored] = await queryServiceDb<{ status: string }>(
      'order-service',
      'SELECT status FROM checkout_sagas WHERE order_id = $1',
      [order.orderId],
    );
    expect(stored?.status).toBe('CHARGING');
    // The charge goes on without the orchestrator; its reply waits in order.saga-replies.
    await waitFor('the payment to be charged while order-service is down', async () => {
      const [row] = await queryServiceDb<{ status: string }>(
        'payment-service',
        'SELECT status FROM payments WHERE order_id = $1',
        [order.orderId],
      );
      return row?.status === 'CHARGED' ? true : undefined;
    });
    apps['order'] = startOrderService(orderSettings);
    await apps['order'].waitUntilReady();

    await orderReaching(order, 'CONFIRMED');
    const saga = await sagaOf(order.orderId);
    expect(saga.steps.map((s: { to: string }) => s.to)).toEqual([
      'CHARGING',
      'RESERVING',
      'CONFIRMED',
    ]);
  }, 90_000);

  it('given 100 buyers for 20 units, then no oversell, every saga ends CONFIRMED or CANCELLED, and charged minus refunded equals the confirmed total', async () => {
    await provider.reset();
    const stock = 20;
    const sku = await products.add(stock);
    const accepted: PlacedOrder[] = [];
    const buyers = Array.from({ length: 100 }, () => newCustomerId());
    // No saga gets past its charge until every order is placed: else, on a slow machine, stock runs
    // out between the batches and too few sagas race for the last units.
    apps['payment']?.freeze();
    try {
      for (let start = 0; start < buyers.length; start += 25) {
        const answers = await Promise.all(
          buyers.slice(start, start + 25).map(async (customerId) => {
            const answer = await placeOrder({ customerId, items: [{ sku, quantity: 1 }] });
            // 422 once inventory-service already reports the sku sold out: refused up front.
            expect([202, 422]).toContain(answer.status);
            return answer;
          }),
        );
        for (const answer of answers.filter((a) => a.status === 202)) {
          accepted.push({ orderId: answer.body.orderId, token: answer.body.accessToken, answer });
        }
      }
    } finally {
      apps['payment']?.thaw();
    }
    products.orderIds.push(...accepted.map((order) => order.orderId));
    expect(accepted.length).toBeGreaterThan(stock); // more sagas than units: the race is real

    const finals = await waitFor(
      `all ${accepted.length} sagas to end`,
      async () => {
        const rows = await queryServiceDb<{ status: string; n: number }>(
          'order-service',
          `SELECT status, count(*)::int AS n FROM checkout_sagas WHERE order_id = ANY($1) GROUP BY status`,
          [accepted.map((order) => order.orderId)],
        );
        const ended = rows
          .filter((r) => r.status === 'CONFIRMED' || r.status === 'CANCELLED')
          .reduce((sum, r) => sum + r.n, 0);
        return ended === accepted.length ? rows : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    const confirmed = finals.find((r) => r.status === 'CONFIRMED')?.n ?? 0;
    expect(confirmed).toBe(stock); // every unit sold, none twice
    expect(await products.stockOf(sku)).toBe(0);

    // The processor's own books, order by order: what the shop kept is what it confirmed.
    let net = 0;
    for (const order of accepted) {
      const ledger = (await provider.ledgerOf(order.orderId)) as Ledger;
      const captured = ledger.charges.filter((c) => c.status === 'captured');
      expect(captured.length).toBeLessThanOrEqual(1);
      net += captured.reduce((sum, c) => sum + c.amountCents, 0);
      net -= ledger.refunds.reduce((sum, r) => sum + r.amountCents, 0);
    }
    const [total] = await queryServiceDb<{ cents: string }>(
      'order-service',
      `SELECT coalesce(sum(total_cents), 0) AS cents FROM orders WHERE id = ANY($1) AND status = 'CONFIRMED'`,
      [accepted.map((order) => order.orderId)],
    );
    expect(net).toBe(Number(total?.cents));
    expect(net).toBe(stock * 100);
  }, 300_000);
});
