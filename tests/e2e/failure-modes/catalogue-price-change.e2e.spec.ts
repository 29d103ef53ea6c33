import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'amqplib';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  rabbitQueueDepth,
  ServiceProcess,
  waitFor,
} from '@pattern-shop/testing';
import { adminHeaders } from '../support/inventory-stock.js';

const SKU = 'MUG-001';

const changePrice = async (
  inventory: ServiceProcess,
  sku: string,
  body: unknown,
  headers = adminHeaders(),
) => {
  const response = await fetch(`${inventory.baseUrl}/products/${sku}/price`, {
    method: 'PUT',
    headers,
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: await response.json(),
  };
};

const REPLICA_QUEUE = 'order.product-events';

const replicaPriceOf = async (sku: string): Promise<number> =>
  Number(
    (
      await queryServiceDb<{ price_cents: string }>(
        'order-service',
        'SELECT price_cents FROM product_replica WHERE sku = $1',
        [sku],
      )
    )[0]?.price_cents,
  );

const deleteQueue = async (queue: string): Promise<void> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
};

const priceOf = async (sku: string): Promise<number> =>
  Number(
    (
      await queryServiceDb<{ price_cents: string }>(
        'inventory-service',
        'SELECT price_cents FROM products WHERE sku = $1',
        [sku],
      )
    )[0]?.price_cents,
  );

/** Data replication: a price changed in inventory-service reaches order-service's replica. */
describe('a catalogue price change, and the replica that follows it', () => {
  const apps: ServiceProcess[] = [];
  let inventory: ServiceProcess;
  let order: ServiceProcess;
  let original: number;

  beforeAll(async () => {
    await infra('up');
    inventory = ServiceProcess.start('inventory-service');
    order = ServiceProcess.start('order-service');
    apps.push(inventory, order);
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    original = await priceOf(SKU);
  }, 120_000);

  afterAll(async () => {
    try {
      await changePrice(inventory, SKU, { priceCents: original });
      await waitFor('the replica to carry the original price again', async () =>
        (await replicaPriceOf(SKU)) === original ? true : undefined,
      );
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
    }
  }, 60_000);

  it('given the operator token, when a price changes, then the answer names the old and new price and the replica follows', async () => {
    const next = original + 101;
    const answer = await changePrice(inventory, SKU, { priceCents: next });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ sku: SKU, priceCents: next, previousPriceCents: original });
    await waitFor('order-service replica to carry the new price', async () =>
      (await replicaPriceOf(SKU)) === next ? true : undefined,
    );
  }, 60_000);

  it('given a broker without the replica queue and order-service down, when a price changes, then the fact waits in the queue inventory declared and the replica catches up on start', async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await deleteQueue(REPLICA_QUEUE);
    inventory = ServiceProcess.start('inventory-service');
    apps.splice(0, apps.length, inventory);
    await inventory.waitUntilReady();
    const next = original + 202;
    expect((await changePrice(inventory, SKU, { priceCents: next })).status).toBe(200);
    await waitFor(
      'the price fact to wait in the replica queue',
      async () => ((await rabbitQueueDepth(REPLICA_QUEUE)) >= 1 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await replicaPriceOf(SKU)).not.toBe(next);
    order = ServiceProcess.start('order-service');
    apps.push(order);
    await order.waitUntilReady();
    await waitFor('the replica to catch up with the waiting fact', async () =>
      (await replicaPriceOf(SKU)) === next ? true : undefined,
    );
  }, 120_000);

  it('given an unknown sku, a bad body or no token, then 404, 400 or 401 as problem details and no change', async () => {
    const before = await priceOf(SKU);
    const unknown = await changePrice(inventory, 'NOPE-404', { priceCents: 100 });
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^application\/problem\+json/);
    expect((await changePrice(inventory, SKU, { priceCents: -1 })).status).toBe(400);
    expect((await changePrice(inventory, SKU, { priceCents: 5, extra: true })).status).toBe(400);
    expect((await changePrice(inventory, SKU, { priceCents: 5 }, adminHeaders(null))).status).toBe(
      401,
    );
    expect(await priceOf(SKU)).toBe(before);
  }, 60_000);
});
