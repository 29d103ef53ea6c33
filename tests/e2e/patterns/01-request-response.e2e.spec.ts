import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICES } from '@pattern-shop/contracts';
import {
  infra,
  queryServiceDb,
  ServiceProcess,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '@pattern-shop/testing';
import { newCustomerId, placeOrder, sampleOrder } from '../support/order-api.js';

const TIMEOUT_MS = 300;

const breakerState = async (orderService: ServiceProcess): Promise<number> => {
  const text = await (await fetch(`${orderService.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith('circuit_breaker_state{') && l.includes('target="inventory-service"'),
    );
  return Number(line?.split(' ').at(-1));
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

describe('pattern 1, the guarded synchronous call: inventory-service stalls, orders keep flowing', () => {
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
      INVENTORY_TIMEOUT_MS: String(TIMEOUT_MS),
      INVENTORY_BREAKER_RESET_MS: '1000',
    });
    await orders.waitUntilReady();
    // The replica must hold the catalogue before inventory goes quiet: it is the fallback.
    await waitFor('the product replica to hold the seeded catalogue', async () => {
      const [row] = await queryServiceDb<{ n: number }>(
        'order-service',
        'SELECT count(*)::int AS n FROM product_replica',
      );
      return (row?.n ?? 0) >= 20 ? true : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([orders?.stop(), inventory?.stop()]);
    await proxy?.cut();
  }, 60_000);

  it('given inventory answers, then orders are checked against it and the breaker is closed', async () => {
    const answer = await placeOrder(sampleOrder(newCustomerId()));
    expect(answer.body).toMatchObject({ status: 'PENDING', availabilityChecked: true });
    expect(await breakerState(orders)).toBe(0);
  });

  it('given inventory stalls, then the breaker opens and orders are accepted from the replica without waiting', async () => {
    proxy.stall();
    const latencies: number[] = [];
    const answers = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      answers.push(await placeOrder(sampleOrder(newCustomerId())));
      latencies.push(performance.now() - started);
    }
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(202));
    expect(
      answers.every(
        (a) => a.body.availabilityChecked === false && a.body.total.amountCents === 5098,
      ),
    ).toBe(true);
    expect(await breakerState(orders)).toBe(2);
    // Once open, no call waits for the timeout any more: the last 30 answers come from the replica at once.
    const afterOpening = latencies.slice(10);
    const p99 = percentile(afterOpening, 99);
    console.log(
      `POST /orders while inventory stalls: p50 ${percentile(afterOpening, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (timeout ${TIMEOUT_MS} ms)`,
    );
    expect(p99).toBeLessThan(TIMEOUT_MS);
  }, 60_000);

  it('given inventory recovers, then a trial call closes the breaker and orders are checked again', async () => {
    proxy.resume();
    const checked = await waitFor(
      'an order checked against inventory again',
      async () => {
        const answer = await placeOrder(sampleOrder(newCustomerId()));
        return answer.body.availabilityChecked === true ? answer : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(checked.status).toBe(202);
    expect(await breakerState(orders)).toBe(0);
  }, 30_000);
});
