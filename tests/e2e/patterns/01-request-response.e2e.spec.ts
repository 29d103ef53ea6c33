import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICES } from '@pattern-shop/contracts';
import {
  breakerState,
  infra,
  queryServiceDb,
  ServiceProcess,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '@pattern-shop/testing';
import { newCustomerId, placeOrder, sampleOrder } from '../support/order-api.js';

const TIMEOUT_MS = 300;

/** Order-service's breaker towards inventory-service: 0 closed, 1 half-open, 2 open. */
const inventoryBreaker = (orderService: ServiceProcess) =>
  breakerState(orderService.baseUrl, 'inventory-service');

/**
 * Order-service's breaker towards inventory-service from one scrape: its state (0 closed, 1
 * half-open, 2 open) and its counters, read together so none moves between the others' reads.
 */
const breakerFigures = async (orderService: ServiceProcess) => {
  const lines = (await (await fetch(`${orderService.baseUrl}/metrics`)).text())
    .split('\n')
    .filter((l) => l.includes('target="inventory-service"'));
  const value = (prefix: string, label = '') =>
    Number(
      lines
        .find((l) => l.startsWith(prefix) && l.includes(label))
        ?.split(' ')
        .at(-1),
    );
  return {
    state: value('circuit_breaker_state{'),
    timeouts: value('circuit_breaker_calls_total{', '"timeout"'),
    shortCircuited: value('circuit_breaker_calls_total{', '"short_circuited"'),
    halfOpenings: value('circuit_breaker_state_changes_total{', '"half-open"'),
  };
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
    expect(await inventoryBreaker(orders)).toBe(0);
  });

  it('given inventory stalls, then the breaker opens and orders are accepted from the replica without waiting', async () => {
    proxy.stall();
    const place = async () => {
      const started = performance.now();
      const answer = await placeOrder(sampleOrder(newCustomerId()));
      return { answer, ms: performance.now() - started };
    };
    const opening = [];
    // The state as the loop saw it: read again, the breaker may have half-opened since.
    let state = await inventoryBreaker(orders);
    while (state !== 2 && opening.length < 10) {
      opening.push(await place());
      state = await inventoryBreaker(orders);
    }
    expect(state).toBe(2);
    const before = await breakerFigures(orders);
    const afterOpening = [];
    for (let i = 0; i < 30; i++) afterOpening.push(await place());
    const after = await breakerFigures(orders);

    const answers = [...opening, ...afterOpening].map(({ answer }) => answer);
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(202));
    expect(
      answers.every(
        (a) => a.body.availabilityChecked === false && a.body.total.amountCents === 5098,
      ),
    ).toBe(true);
    // Once open, no call waits for the timeout but the breaker's own trial calls, one each time it
    // half-opens (every 1 s here, on a timer): the others are answered from the replica at once.
    // A half-open breaker at a scrape has its trial call still to come: after the first scrape it
    // falls inside the 30 calls, after the last one it does not.
    const pendingTrial = (figures: { state: number }) => (figures.state === 1 ? 1 : 0);
    const trials =
      after.halfOpenings - before.halfOpenings + pendingTrial(before) - pendingTrial(after);
    expect(after.timeouts - before.timeouts).toBe(trials);
    expect(after.shortCircuited - before.shortCircuited).toBe(30 - trials);
    const latencies = afterOpening.map(({ ms }) => ms);
    console.log(
      `POST /orders while inventory stalls: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (timeout ${TIMEOUT_MS} ms, ${trials} trial calls)`,
    );
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
    expect(await inventoryBreaker(orders)).toBe(0);
  }, 30_000);
});
