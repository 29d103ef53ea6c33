import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { SERVICES } from '@pattern-shop/contracts';
import {
  infra,
  queryServiceDb,
  ServiceProcess,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '@pattern-shop/testing';
import { TestProducts } from '../support/inventory-stock.js';
import {
  customerToken,
  newCustomerId,
  ordersOfCustomers,
  placeOrder,
  sampleOrder,
} from '../support/order-api.js';

const DEADLINE_MS = 1_000;

const ordersOf = (customerId: string) => ordersOfCustomers([customerId]);

/**
 * Issue 21 §2, "the same key answered twice, differently": a key is claimed before any work, its
 * first answer (202 or 422) is its answer for good, and work past the request's deadline is
 * rolled back instead of committed after the client gave up.
 */
describe('pattern 1, one answer per Idempotency-Key, under slow dependencies and crashes', () => {
  const products = new TestProducts();
  let inventory: ServiceProcess;
  let orders: ServiceProcess;
  let proxy: TcpProxy;

  beforeAll(async () => {
    await infra('up');
    inventory = ServiceProcess.start('inventory-service');
    await inventory.waitUntilReady();
    proxy = await startTcpProxy(SERVICES['inventory-service'].port);
    orders = ServiceProcess.start('order-service', {
      INVENTORY_URL: `http://127.0.0.1:${proxy.port}`,
      // The availability call outlives the request's deadline, as a slow dependency would.
      INVENTORY_TIMEOUT_MS: String(DEADLINE_MS * 2),
      ORDER_REQUEST_DEADLINE_MS: String(DEADLINE_MS),
    });
    await orders.waitUntilReady();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([orders?.stop(), inventory?.stop()]);
    await proxy?.cut();
    await products.remove();
  }, 60_000);

  it('given a key answered 422 for lack of stock, when stock arrives and the key is retried, then it is still 422 and no order exists', async () => {
    const sku = await products.add(0);
    const customerId = newCustomerId();
    const request = { customerId, items: [{ sku, quantity: 1 }] };
    const key = randomUUID();

    const first = await placeOrder(request, { idempotencyKey: key });
    await queryServiceDb('inventory-service', 'UPDATE products SET stock = 5 WHERE sku = $1', [
      sku,
    ]);
    const retried = await placeOrder(request, { idempotencyKey: key });

    expect(first.status).toBe(422);
    expect(first.body.type).toBe('https://pattern-shop.dev/problems/insufficient-stock');
    expect(retried.status).toBe(422);
    expect(retried.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(retried.body.detail).toBe(first.body.detail);
    expect(await ordersOf(customerId)).toBe(0);
    // A new key is a new request: now there is stock, so it is accepted.
    expect((await placeOrder(request, { idempotencyKey: randomUUID() })).status).toBe(202);
  });

  it('given inventory hangs past the request deadline, then 503 with Retry-After, nothing is committed, and the retry with the same key places one order', async () => {
    const customerId = newCustomerId();
    const key = randomUUID();
    proxy.stall();
    let late;
    try {
      late = await placeOrder(sampleOrder(customerId), { idempotencyKey: key });
    } finally {
      proxy.resume();
    }

    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('1');
    expect(late.body.type).toBe('https://pattern-shop.dev/problems/deadline-passed');
    // The answer came after the handler gave up, so a later commit cannot still be coming.
    expect(await ordersOf(customerId)).toBe(0);

    const retried = await placeOrder(sampleOrder(customerId), { idempotencyKey: key });
    expect(retried.status).toBe(202);
    expect(await ordersOf(customerId)).toBe(1);
  });

  it('given a client that hangs up while its order waits on inventory, when the call comes back within the deadline, then nothing is committed and the retry with its key places one order', async () => {
    const customerId = newCustomerId();
    const key = randomUUID();
    proxy.stall();
    const hungUp = fetch(`${orders.baseUrl}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${customerToken(customerId)}`,
        'idempotency-key': key,
      },
      body: JSON.stringify({ items: sampleOrder(customerId).items }),
      signal: AbortSignal.timeout(DEADLINE_MS / 4),
    }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    expect(await hungUp).toBe('TimeoutError');
    // The held availability call now fails and the order is priced from the replica, well inside
    // the server's deadline: only the hang-up can stop the commit.
    proxy.resume();

    const keyState = await waitFor('the request to settle its key', async () => {
      const rows = await queryServiceDb<{ response_status: number | null }>(
        'order-service',
        'SELECT response_status FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2',
        [customerId, key],
      );
      if (rows.length === 0) return 'released';
      return rows[0]?.response_status === null ? undefined : `answered ${rows[0]?.response_status}`;
    });
    expect(keyState).toBe('released');
    expect(await ordersOf(customerId)).toBe(0);

    const retried = await placeOrder(sampleOrder(customerId), { idempotencyKey: key });
    expect(retried.status).toBe(202);
    expect(await ordersOf(customerId)).toBe(1);
  });

  it('given a key still claimed by a request that crashed, then a retry waits and gets 409 with Retry-After; once the claim lapses, the retry takes it over', async () => {
    const customerId = newCustomerId();
    const key = randomUUID();
    const request = sampleOrder(customerId);
    // The claim must carry the service's own hash of this body: a first order, placed with
    // another key, records it.
    expect((await placeOrder(request, { idempotencyKey: randomUUID() })).status).toBe(202);
    await queryServiceDb(
      'order-service',
      `INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, claim_token, claim_expires_at)
       SELECT customer_id, $2, request_hash, $3, now() + interval '30 seconds'
       FROM idempotency_keys WHERE customer_id = $1`,
      [customerId, key, randomUUID()],
    );

    const started = performance.now();
    const waiting = await placeOrder(request, { idempotencyKey: key });
    const waitedMs = performance.now() - started;

    expect(waiting.status).toBe(409);
    expect(waiting.body.type).toBe('https://pattern-shop.dev/problems/idempotency-key-in-flight');
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(20);
    // It waited for the other request's answer, but no longer than its own deadline.
    expect(waitedMs).toBeGreaterThan(DEADLINE_MS * 0.8);
    expect(await ordersOf(customerId)).toBe(1);

    await queryServiceDb(
      'order-service',
      `UPDATE idempotency_keys SET claim_expires_at = now() - interval '1 second'
       WHERE customer_id = $1 AND idempotency_key = $2`,
      [customerId, key],
    );
    const takenOver = await placeOrder(request, { idempotencyKey: key });
    expect(takenOver.status).toBe(202);
    expect(await ordersOf(customerId)).toBe(2);
    const replayed = await placeOrder(request, { idempotencyKey: key });
    expect(replayed.body).toEqual(takenOver.body);
  });
});
