import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, QUEUES } from '@pattern-shop/contracts';
import {
  queryServiceDb,
  type RabbitTap,
  type ServiceProcess,
  tapExchange,
  waitFor,
} from '@pattern-shop/testing';
import {
  CommandPublisher,
  releaseStock,
  repliesFor,
  reserveStock,
} from '../support/inventory-commands.js';
import { INVENTORY_PORTS, startInventory, TestProducts } from '../support/inventory-stock.js';

const MINUTE_MS = 60_000;
const fromNow = (ms: number) => new Date(Date.now() + ms);

const countOf = async (sql: string, params: unknown[]) => {
  const [row] = await queryServiceDb<{ count: string }>('inventory-service', sql, params);
  return Number(row?.count);
};

/** Pattern 2 with the saga's step deadlines: a ReserveStock that waited too long is refused. */
describe('inventory-service: a ReserveStock past its expiry is refused', () => {
  const products = new TestProducts();
  let app: ServiceProcess;
  let commands: CommandPublisher;
  let replies: RabbitTap;

  const expiredCount = async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (row) => row.startsWith('saga_commands_expired_total{') && row.includes('ReserveStock'),
      );
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const handledLinesOf = (messageId: string) =>
    app.output
      .split('\n')
      .filter((line) => line.includes('inventory command handled') && line.includes(messageId));

  beforeAll(async () => {
    app = startInventory(INVENTORY_PORTS.first);
    await app.waitUntilReady();
    commands = await CommandPublisher.open();
    replies = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaReplies]);
  }, 90_000);

  afterAll(async () => {
    await commands?.repliesPublished();
    await Promise.all([commands?.close(), replies?.close()]);
    await app?.stop();
    await commands?.takeWhatWasLeft();
    await products.remove();
  }, 30_000);

  it('given a ReserveStock whose step expired a minute ago, when it is delivered twice, then nothing is reserved, nothing answered, and it is counted and logged once', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();
    const reserve = reserveStock(orderId, [{ sku, quantity: 3 }]);
    const expiredBefore = await expiredCount();

    await commands.sendExpiring(fromNow(-MINUTE_MS), reserve, reserve);

    const handled = await waitFor('both deliveries handled', async () => {
      const lines = handledLinesOf(reserve.messageId);
      return lines.length >= 2 ? lines.map((line) => JSON.parse(line).outcome) : undefined;
    });
    expect(handled.sort()).toEqual(['duplicate-message', 'expired']);
    expect(await products.stockOf(sku)).toBe(10);
    expect(await countOf('SELECT count(*) FROM reservations WHERE order_id = $1', [orderId])).toBe(
      0,
    );
    expect(
      await countOf('SELECT count(*) FROM stock_movements WHERE order_id = $1', [orderId]),
    ).toBe(0);
    expect(
      await countOf('SELECT count(*) FROM processed_messages WHERE message_id = $1', [
        reserve.messageId,
      ]),
    ).toBe(1);
    expect(await expiredCount()).toBe(expiredBefore + 1);
    const refusals = app.output
      .split('\n')
      .filter((line) => line.includes('command refused') && line.includes(reserve.messageId));
    expect(refusals).toHaveLength(1);
    expect(JSON.parse(refusals[0] as string)).toMatchObject({
      correlationId: reserve.correlationId,
      orderId,
    });
    expect(repliesFor(replies.messages, orderId)).toEqual([]);
  }, 60_000);

  it('given a ReserveStock whose step ends in a minute, when it arrives, then the stock is reserved and answered as before', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();

    await commands.sendExpiring(fromNow(MINUTE_MS), reserveStock(orderId, [{ sku, quantity: 4 }]));

    const [reply] = await waitFor('the reply', async () => {
      const found = repliesFor(replies.messages, orderId);
      return found.length > 0 ? found : undefined;
    });
    expect(reply?.type).toBe('StockReserved');
    expect(await products.stockOf(sku)).toBe(6);
  }, 60_000);

  it('given a reservation, when a ReleaseStock carrying an expiry long past arrives, then it runs all the same: compensations never expire', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();
    await commands.send(reserveStock(orderId, [{ sku, quantity: 5 }]));
    await waitFor('the reservation', async () =>
      repliesFor(replies.messages, orderId).length > 0 ? true : undefined,
    );

    await commands.sendExpiring(fromNow(-MINUTE_MS), releaseStock(orderId, 'saga gave up'));

    const answers = await waitFor('the release', async () => {
      const found = repliesFor(replies.messages, orderId);
      return found.length >= 2 ? found : undefined;
    });
    expect(answers[1]?.type).toBe('StockReleased');
    expect(await products.stockOf(sku)).toBe(10);
  }, 60_000);
});
