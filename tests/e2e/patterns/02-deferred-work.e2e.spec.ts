import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, KAFKA_TOPICS, QUEUES } from '@pattern-shop/contracts';
import {
  type KafkaTap,
  queryServiceDb,
  type RabbitTap,
  type ServiceProcess,
  tapExchange,
  tapTopic,
  waitFor,
} from '@pattern-shop/testing';
import {
  CommandPublisher,
  releaseStock,
  repliesFor,
  reserveStock,
} from '../support/inventory-commands.js';
import { INVENTORY_PORTS, startInventory, TestProducts } from '../support/inventory-stock.js';

const movementsOf = (orderId: string) =>
  queryServiceDb<{ sku: string; quantity: number; kind: string }>(
    'inventory-service',
    'SELECT sku, quantity, kind FROM stock_movements WHERE order_id = $1 ORDER BY id',
    [orderId],
  );

const reservationOf = async (orderId: string) =>
  (
    await queryServiceDb<{ status: string; reason: string | null }>(
      'inventory-service',
      'SELECT status, reason FROM reservations WHERE order_id = $1',
      [orderId],
    )
  )[0];

/**
 * Pattern 2 on the real servers: commands wait in the work queue inventory.commands until
 * inventory-service takes them; each is done once and answered by message through the outbox, and
 * one it can never do lands in the dead letters with its reason instead of blocking the queue.
 */
describe('pattern 2, deferred work: inventory-service works off inventory.commands and answers by message', () => {
  const products = new TestProducts();
  let app: ServiceProcess;
  let commands: CommandPublisher;
  let replies: RabbitTap;
  let facts: RabbitTap;
  let stream: KafkaTap;

  const replyTo = (orderId: string, count = 1) =>
    waitFor(`${count} saga repl${count === 1 ? 'y' : 'ies'} for order ${orderId}`, async () => {
      const found = repliesFor(replies.messages, orderId);
      return found.length >= count ? found : undefined;
    });

  beforeAll(async () => {
    app = startInventory(INVENTORY_PORTS.first);
    await app.waitUntilReady(); // ready means subscribed: inventory.commands exists and is bound
    commands = await CommandPublisher.open();
    replies = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaReplies]);
    facts = await tapExchange(EXCHANGES.events, ['stock.*']);
    stream = await tapTopic(KAFKA_TOPICS.inventory);
  }, 90_000);

  afterAll(async () => {
    await commands?.repliesPublished();
    await Promise.all([commands?.close(), replies?.close(), facts?.close(), stream?.close()]);
    await app?.stop();
    await commands?.takeWhatWasLeft();
    await products.remove();
  }, 30_000);

  it('given enough stock, when ReserveStock arrives, then StockReserved is answered, the stock drops and the movements are written', async () => {
    const [mug, tee] = [await products.add(10), await products.add(4)];
    const orderId = products.newOrderId();
    const lines = [
      { sku: mug, quantity: 3 },
      { sku: tee, quantity: 4 },
    ];
    const reserve = reserveStock(orderId, lines);
    await commands.send(reserve);

    const [reply] = await replyTo(orderId);
    expect(reply).toMatchObject({
      type: 'StockReserved',
      correlationId: reserve.correlationId,
      causationId: reserve.messageId,
      aggregateId: orderId,
      data: { orderId, lines },
    });
    expect([await products.stockOf(mug), await products.stockOf(tee)]).toEqual([7, 0]);
    expect(await reservationOf(orderId)).toEqual({ status: 'RESERVED', reason: null });
    expect(await movementsOf(orderId)).toEqual(
      [
        { sku: mug, quantity: -3, kind: 'RESERVE' },
        { sku: tee, quantity: -4, kind: 'RESERVE' },
      ].sort((a, b) => a.sku.localeCompare(b.sku)),
    );
    // The same fact for every subscriber, and on the stream keyed by the order.
    await waitFor('StockReserved on shop.events and inventory.events', async () => {
      const onEvents = facts.messages.some(
        (m) => m.routingKey === 'stock.reserved' && repliesFor([m], orderId).length === 1,
      );
      const onStream = (await stream.read()).some((record) => record.key === orderId);
      return onEvents && onStream ? true : undefined;
    });
  }, 60_000);

  it('given too little stock and an unknown SKU, when ReserveStock arrives, then StockReservationFailed names both and no stock moves', async () => {
    const [short, plenty] = [await products.add(2), await products.add(50)];
    const orderId = products.newOrderId();
    await commands.send(
      reserveStock(orderId, [
        { sku: plenty, quantity: 5 },
        { sku: short, quantity: 3 },
        { sku: 'NOPE-404', quantity: 1 },
      ]),
    );

    const [reply] = await replyTo(orderId);
    expect(reply?.type).toBe('StockReservationFailed');
    expect((reply?.data['unavailableSkus'] as string[]).sort()).toEqual(['NOPE-404', short].sort());
    expect([await products.stockOf(short), await products.stockOf(plenty)]).toEqual([2, 50]);
    expect((await reservationOf(orderId))?.status).toBe('REJECTED');
    expect(await movementsOf(orderId)).toEqual([]);
  }, 60_000);

  it('given the same order reserved by two commands, when both are handled, then one reservation and the same answer twice', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();
    const first = reserveStock(orderId, [{ sku, quantity: 4 }]);
    const resent = reserveStock(orderId, [{ sku, quantity: 4 }]); // a new message id, same order
    await commands.send(first, first, resent);

    const answers = await replyTo(orderId, 2);
    expect(answers.map((answer) => answer.type)).toEqual(['StockReserved', 'StockReserved']);
    expect(await products.stockOf(sku)).toBe(6);
    expect(await movementsOf(orderId)).toEqual([{ sku, quantity: -4, kind: 'RESERVE' }]);
    // The redelivered `first` is absorbed by the inbox: it gets no third reply.
    await waitFor('all three deliveries handled', async () => {
      const handled = app.output.split('\n').filter((line) => line.includes(first.messageId));
      return handled.length >= 2 ? handled : undefined;
    });
    expect(repliesFor(replies.messages, orderId)).toHaveLength(2);
  }, 60_000);

  it('given a reservation, when ReleaseStock arrives, then the stock comes back with RELEASE movements and StockReleased', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();
    await commands.send(reserveStock(orderId, [{ sku, quantity: 6 }]));
    await replyTo(orderId);
    expect(await products.stockOf(sku)).toBe(4);

    await commands.send(releaseStock(orderId, 'refunded after a failed step'));
    const [, released] = await replyTo(orderId, 2);
    expect(released).toMatchObject({
      type: 'StockReleased',
      data: { orderId, lines: [{ sku, quantity: 6 }] },
    });
    expect(await products.stockOf(sku)).toBe(10);
    expect(await reservationOf(orderId)).toEqual({
      status: 'RELEASED',
      reason: 'refunded after a failed step',
    });
    expect(await movementsOf(orderId)).toEqual([
      { sku, quantity: -6, kind: 'RESERVE' },
      { sku, quantity: 6, kind: 'RELEASE' },
    ]);
  }, 60_000);

  it('given ReleaseStock before ReserveStock, when the late ReserveStock arrives, then it is refused and no stock moves', async () => {
    const sku = await products.add(10);
    const orderId = products.newOrderId();
    await commands.send(releaseStock(orderId, 'saga timed out'));
    await waitFor('the RELEASED tombstone', async () =>
      (await reservationOf(orderId))?.status === 'RELEASED' ? true : undefined,
    );

    await commands.send(reserveStock(orderId, [{ sku, quantity: 1 }]));
    const [reply] = await replyTo(orderId);
    expect(reply).toMatchObject({
      type: 'StockReservationFailed',
      data: { orderId, unavailableSkus: [] },
    });
    expect(await products.stockOf(sku)).toBe(10);
    expect(await movementsOf(orderId)).toEqual([]);
  }, 60_000);

  it('given a schema-invalid ReserveStock, when it arrives, then it lands in inventory.commands.dlq with its reason and the next command is still handled', async () => {
    const sku = await products.add(5);
    const poison = reserveStock(products.newOrderId(), [{ sku, quantity: 0 }]);
    const orderId = products.newOrderId();
    await commands.send(poison, reserveStock(orderId, [{ sku, quantity: 2 }]));

    const [reply] = await replyTo(orderId);
    expect(reply?.type).toBe('StockReserved');
    const headers = await waitFor('the poison message in the dead letters', () =>
      commands.takeDeadLetter(poison.messageId),
    );
    expect(String(headers['x-error-reason'])).toMatch(/ReserveStock v1 data is invalid/);
    expect(await products.stockOf(sku)).toBe(3);
  }, 60_000);
});
