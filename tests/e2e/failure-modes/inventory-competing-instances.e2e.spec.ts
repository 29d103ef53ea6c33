import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, QUEUES } from '@pattern-shop/contracts';
import {
  queryServiceDb,
  type RabbitTap,
  type ServiceProcess,
  tapExchange,
  waitFor,
} from '@pattern-shop/testing';
import { CommandPublisher, repliesFor, reserveStock } from '../support/inventory-commands.js';
import {
  INVENTORY_PORTS,
  putStock,
  startInventory,
  TestProducts,
} from '../support/inventory-stock.js';

const COMMANDS = 300;
const SCARCE_STOCK = 25;

/** Deliveries of inventory.commands this instance handled, from its own /metrics. */
const handledBy = async (app: ServiceProcess): Promise<number> => {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('rabbitmq_messages_handled_total{') &&
        l.includes(`queue="${QUEUES.inventoryCommands}"`) &&
        l.includes('outcome="handled"'),
    );
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
};

/**
 * The no-oversell guarantee under real concurrency: two processes compete for inventory.commands
 * (pattern 2), each handling up to ten commands at once, every command wanting the same scarce
 * SKU. Row locks in SKU order are all that stands between them and a negative stock.
 */
describe('inventory-service: two competing instances never oversell', () => {
  const products = new TestProducts();
  const apps: ServiceProcess[] = [];
  let commands: CommandPublisher;
  let replies: RabbitTap;

  beforeAll(async () => {
    // One after the other: the second finds the migrations done instead of racing the first.
    apps.push(startInventory(INVENTORY_PORTS.first));
    await apps[0]?.waitUntilReady();
    apps.push(startInventory(INVENTORY_PORTS.second));
    await apps[1]?.waitUntilReady();
    commands = await CommandPublisher.open();
    replies = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaReplies]);
  }, 120_000);

  afterAll(async () => {
    await commands?.repliesPublished();
    await Promise.all([commands?.close(), replies?.close()]);
    await Promise.all(apps.map((app) => app.stop()));
    await commands?.takeWhatWasLeft();
    await products.remove();
  }, 30_000);

  it(`given a SKU with stock ${SCARCE_STOCK} and ${COMMANDS} orders for it on two instances, then exactly ${SCARCE_STOCK} units are reserved, stock never goes negative and every order is answered once`, async () => {
    const scarce = await products.add(0);
    const plenty = await products.add(0);
    // The staff endpoint sets the stock, as a saga test would make "a product with little stock".
    expect((await putStock(apps[0]?.baseUrl ?? '', scarce, { stock: SCARCE_STOCK })).status).toBe(
      200,
    );
    expect((await putStock(apps[1]?.baseUrl ?? '', plenty, { stock: 10_000 })).status).toBe(200);
    const handledBefore = await Promise.all(apps.map(handledBy));

    // Lines in both orders, so two commands lock the same rows from opposite ends of their list.
    const orders = Array.from({ length: COMMANDS }, (_, i) => {
      const orderId = products.newOrderId();
      const scarceLine = { sku: scarce, quantity: 1 };
      const plentyLine = { sku: plenty, quantity: 1 + (i % 3) };
      return reserveStock(
        orderId,
        i % 2 === 0 ? [scarceLine, plentyLine] : [plentyLine, scarceLine],
      );
    });
    const started = Date.now();
    await commands.send(...orders);

    const lowestStock = { seen: SCARCE_STOCK };
    const answers = await waitFor(
      `replies to all ${COMMANDS} orders`,
      async () => {
        lowestStock.seen = Math.min(lowestStock.seen, await products.stockOf(scarce));
        const found = orders.map((order) => repliesFor(replies.messages, order.aggregateId));
        return found.every((list) => list.length > 0) ? found.map((list) => list[0]) : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    const seconds = (Date.now() - started) / 1000;

    const reserved = answers.filter((answer) => answer?.type === 'StockReserved');
    expect(reserved).toHaveLength(SCARCE_STOCK); // one unit each: min(demand 300, stock 25)
    expect(answers.filter((answer) => answer?.type === 'StockReservationFailed')).toHaveLength(
      COMMANDS - SCARCE_STOCK,
    );
    expect(await products.stockOf(scarce)).toBe(0);
    expect(lowestStock.seen).toBeGreaterThanOrEqual(0);

    const [units] = await queryServiceDb<{ reserved: number; moved: number; rows: number }>(
      'inventory-service',
      `SELECT
         (SELECT coalesce(sum((line->>'quantity')::int), 0) FROM reservations r,
            jsonb_array_elements(r.lines) line
           WHERE r.order_id = ANY($1) AND r.status = 'RESERVED' AND line->>'sku' = $2)::int AS reserved,
         (SELECT coalesce(sum(quantity), 0) FROM stock_movements
           WHERE sku = $2 AND kind = 'RESERVE')::int AS moved,
         (SELECT count(*) FROM reservations WHERE order_id = ANY($1))::int AS rows`,
      [products.orderIds, scarce],
    );
    expect(units).toEqual({ reserved: SCARCE_STOCK, moved: -SCARCE_STOCK, rows: COMMANDS });
    // The plenty SKU moved by exactly what the reserved orders asked of it.
    const plentyTaken = reserved
      .flatMap((answer) => answer?.data['lines'] as { sku: string; quantity: number }[])
      .filter((line) => line.sku === plenty)
      .reduce((sum, line) => sum + line.quantity, 0);
    expect(await products.stockOf(plenty)).toBe(10_000 - plentyTaken);

    // Answered once: exactly one reply per order was written to the outbox (not just received).
    const [{ replies: written, orders: answered }] = (await queryServiceDb(
      'inventory-service',
      `SELECT count(*)::int AS replies, count(DISTINCT aggregate_id)::int AS orders FROM outbox
        WHERE aggregate_id = ANY($1) AND destination = 'rabbitmq' AND exchange_or_topic = $2`,
      [products.orderIds, EXCHANGES.commands],
    )) as [{ replies: number; orders: number }];
    expect({ written, answered }).toEqual({ written: COMMANDS, answered: COMMANDS });

    const handled = (await Promise.all(apps.map(handledBy))).map(
      (n, i) => n - (handledBefore[i] ?? 0),
    );
    expect(handled.every((count) => count > 0)).toBe(true);
    console.info(
      `${COMMANDS} ReserveStock on one scarce SKU: all answered in ${seconds.toFixed(2)} s ` +
        `(${Math.round(COMMANDS / seconds)} commands/s); handled per instance: ${handled.join(', ')}`,
    );
  }, 150_000);
});
