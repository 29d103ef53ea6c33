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
const CAP = 5;

const breakerState = async (orderService: ServiceProcess): Promise<number> => {
  const text = await (await fetch(`${orderService.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith('circuit_breaker_state{') && l.includes('target="inventory-service"'),
    );
  return Number(line?.split(' ').at(-1));
};

const timedOrder = async () => {
  const started = performance.now();
  const answer = await placeOrder(sampleOrder(newCustomerId()));
  return { answer, ms: performance.now() - started };
};

/**
 * The chaos lab's weak variant `no-breaker` (docs/chaos.md): the same stall as
 * patterns/01-request-response.e2e.spec.ts, where the open breaker answers from the replica at once;
 * here every order waits the full timeout, because nothing remembers that inventory is down.
 */
describe('order-service with WEAK_MECHANISMS=no-breaker: inventory stalls, every order waits', () => {
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
      INVENTORY_MAX_CONCURRENT_CALLS: String(CAP),
      INVENTORY_BREAKER_RESET_MS: '1000',
      WEAK_MECHANISMS: 'no-breaker',
    });
    await orders.waitUntilReady();
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

  it('given inventory stalls, then the breaker never opens and every one of 20 orders waits the full timeout', async () => {
    proxy.stall();
    const timed = [];
    for (let i = 0; i < 20; i++) timed.push(await timedOrder());

    expect(timed.map(({ answer }) => answer.status)).toEqual(Array(20).fill(202));
    expect(timed.every(({ answer }) => answer.body.availabilityChecked === false)).toBe(true);
    // The resilient breaker opens after a handful and answers the rest in milliseconds.
    const fastest = Math.min(...timed.map(({ ms }) => ms));
    expect(fastest).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(await breakerState(orders)).toBe(0);
  }, 60_000);

  it('given more orders at once than the cap, then none is refused fast: all wait on inventory together', async () => {
    const timed = await Promise.all(Array.from({ length: CAP * 3 }, () => timedOrder()));

    expect(timed.map(({ answer }) => answer.status)).toEqual(Array(CAP * 3).fill(202));
    const fastest = Math.min(...timed.map(({ ms }) => ms));
    expect(fastest).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  }, 60_000);
});
