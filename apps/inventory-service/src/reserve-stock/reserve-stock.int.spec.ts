import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import {
  EXCHANGES,
  KAFKA_TOPICS,
  type MessageEnvelope,
  newEnvelope,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { messageHeaders } from '@pattern-shop/messaging-outbox';
import {
  LOCAL_INFRA,
  queryServiceDb,
  type RabbitTap,
  ServiceProcess,
  takeMessagesAbout,
  tapExchange,
  waitFor,
  signedAs,
} from '@pattern-shop/testing';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const db = <Row>(sql: string, params: unknown[]) =>
  queryServiceDb<Row>('inventory-service', sql, params);

const reserveStock = (orderId: string, sku: string, quantity: number) =>
  newEnvelope('ReserveStock', {
    messageId: randomUUID(),
    occurredAt: new Date(),
    correlationId: `test-${randomUUID()}`,
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, lines: [{ sku, quantity }] },
  });

/** Deliveries of inventory.commands the app handled (a duplicate included), from its /metrics. */
const handledCommandsOf = async (baseUrl: string): Promise<number> => {
  const line = (await (await fetch(`${baseUrl}/metrics`)).text())
    .split('\n')
    .find(
      (row) =>
        row.startsWith('rabbitmq_messages_handled_total{') &&
        row.includes(`queue="${QUEUES.inventoryCommands}"`) &&
        row.includes('outcome="handled"'),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
};

type Reply = MessageEnvelope<string, Record<string, unknown>>;

/** Pattern 2 and the command kit's rule for a repeated operation, on the real servers. */
describe('inventory-service: ReserveStock reserves each order once and answers every command', () => {
  const sku = `T${randomUUID().slice(0, 8).toUpperCase()}-KIT`;
  const orderIds: string[] = [];
  let app: ServiceProcess;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let replies: RabbitTap;

  /** Publishes commands the way the saga's outbox relay does: to `shop.commands`, confirmed. */
  const send = async (...commands: MessageEnvelope[]) => {
    for (const command of commands) {
      const body = Buffer.from(JSON.stringify(command));
      channel.publish(EXCHANGES.commands, QUEUES.inventoryCommands, body, {
        persistent: true,
        mandatory: true,
        contentType: 'application/json',
        messageId: command.messageId,
        type: command.type,
        headers: signedAs('order-service', body, messageHeaders(command)),
      });
    }
    await channel.waitForConfirms();
  };
  const repliesTo = (orderId: string) =>
    replies.messages
      .map((message) => message.body as Reply)
      .filter((reply) => reply.aggregateId === orderId);
  const handledCommands = () => handledCommandsOf(app.baseUrl);
  const waitForReplies = (orderId: string, count: number) =>
    waitFor(`${count} saga replies about order ${orderId}`, async () =>
      repliesTo(orderId).length >= count ? repliesTo(orderId) : undefined,
    );

  beforeAll(async () => {
    await db(
      `INSERT INTO products (sku, name, price_cents, currency, stock, created_at, updated_at)
       VALUES ($1, 'command kit test product', 100, 'EUR', 5, now(), now())`,
      [sku],
    );
    app = ServiceProcess.start('inventory-service', { PORT: String(await freePort()) });
    await app.waitUntilReady(); // ready means subscribed: the queue is declared during bootstrap
    connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    channel = await connection.createConfirmChannel();
    replies = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaReplies]);
  }, 90_000);

  afterAll(async () => {
    await replies?.close();
    await connection?.close();
    await app?.stop();
    // Its replies (all seen by the tap, so published) would reach the next order-service, which
    // has no saga for these orders and would dead-letter them.
    await takeMessagesAbout(orderIds, [QUEUES.orderSagaReplies, QUEUES.inventoryCommands]);
    // So a nightly reconciliation of today finds no reservations for orders that never existed.
    await db('DELETE FROM stock_movements WHERE sku = $1', [sku]);
    await db('DELETE FROM reservations WHERE order_id = ANY($1)', [orderIds]);
    await db('DELETE FROM products WHERE sku = $1', [sku]);
  }, 30_000);

  it('given an order already reserved, when the saga sends ReserveStock again under a new message id, then it is answered again from the reservation, the stock is taken once and StockReserved is published once', async () => {
    const orderId = randomUUID();
    orderIds.push(orderId);
    const first = reserveStock(orderId, sku, 2);
    await send(first);
    const [reserved] = await waitForReplies(orderId, 1);
    const again = { ...first, messageId: randomUUID() };
    await send(again);

    const answers = await waitForReplies(orderId, 2);
    expect(answers.map((answer) => [answer.type, answer.causationId])).toEqual([
      ['StockReserved', first.messageId],
      ['StockReserved', again.messageId],
    ]);
    expect(answers[1]?.data).toEqual(reserved?.data);
    const [product] = await db<{ stock: number }>('SELECT stock FROM products WHERE sku = $1', [
      sku,
    ]);
    expect(product?.stock).toBe(3);
    const movements = await db<{ quantity: number }>(
      'SELECT quantity FROM stock_movements WHERE order_id = $1',
      [orderId],
    );
    expect(movements).toEqual([{ quantity: -2 }]);

    // Both answers committed with their handling, so the outbox holds all there will be.
    const rows = await waitFor('every outbox row of the order published', async () => {
      const written = await db<{ route: string; message_id: string; published: boolean }>(
        `SELECT exchange_or_topic || ' ' || routing_key_or_kafka_key AS route, message_id,
                published_at IS NOT NULL AS published
           FROM outbox WHERE aggregate_id = $1 ORDER BY id`,
        [orderId],
      );
      return written.length > 0 && written.every((row) => row.published) ? written : undefined;
    });
    const replyRoute = `${EXCHANGES.commands} ${QUEUES.orderSagaReplies}`;
    expect(rows.map((row) => row.route)).toEqual([
      replyRoute,
      `${EXCHANGES.events} ${ROUTING_KEYS.stockReserved}`,
      `${KAFKA_TOPICS.inventory} ${orderId}`,
      replyRoute,
    ]);
    expect(rows[1]?.message_id).toBe(reserved?.messageId);
  }, 60_000);

  it('given the same ReserveStock delivered twice, when both are handled, then the stock is taken once and the saga answered once', async () => {
    const orderId = randomUUID();
    orderIds.push(orderId);
    const command = reserveStock(orderId, sku, 1);
    const [before] = await db<{ stock: number }>('SELECT stock FROM products WHERE sku = $1', [
      sku,
    ]);
    const handledBefore = await handledCommands();
    await send(command, command);

    await waitFor('both deliveries to be handled', async () =>
      (await handledCommands()) >= handledBefore + 2 ? true : undefined,
    );
    expect(repliesTo(orderId)).toHaveLength(1);
    const [after] = await db<{ stock: number }>('SELECT stock FROM products WHERE sku = $1', [sku]);
    expect(after?.stock).toBe((before?.stock ?? 0) - 1);
    const [written] = await db<{ count: number }>(
      'SELECT count(*)::int AS count FROM outbox WHERE aggregate_id = $1',
      [orderId],
    );
    expect(written?.count).toBe(3); // one reply, and the fact to shop.events and inventory.events
  }, 60_000);
});
