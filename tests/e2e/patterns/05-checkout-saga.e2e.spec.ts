import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, KAFKA_TOPICS, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  type RabbitTap,
  type TappedMessage,
  type ServiceProcess,
  tapExchange,
  tapTopic,
  waitFor,
} from '@pattern-shop/testing';
import {
  orderReaching,
  placeCheckout,
  provider,
  retrySaga,
  SAGA_SETTINGS,
  sagaOf,
  sagaReaching,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { putStock, TestProducts } from '../support/inventory-stock.js';
import { getJson } from '../support/order-api.js';

type Envelope = { aggregateId: string; type: string; correlationId: string; data: unknown };
const envelopeOf = (message: TappedMessage) => message.body as Envelope;

const paymentOf = async (orderId: string) =>
  (
    await queryServiceDb<{ status: string; amount_cents: string }>(
      'payment-service',
      'SELECT status, amount_cents FROM payments WHERE order_id = $1',
      [orderId],
    )
  )[0];

const reservationOf = async (orderId: string) =>
  (
    await queryServiceDb<{ status: string }>(
      'inventory-service',
      'SELECT status FROM reservations WHERE order_id = $1',
      [orderId],
    )
  )[0];

/**
 * Pattern 5, the orchestrated checkout saga, on the real brokers and databases: order-service
 * charges through payment-service (which calls payment-provider), reserves through
 * inventory-service, and confirms; or cancels, refunding what it charged.
 */
describe('pattern 5, the checkout saga: charge, reserve, confirm, or compensate', () => {
  let apps: Record<string, ServiceProcess>;
  let facts: RabbitTap;
  let parked: RabbitTap;
  const products = new TestProducts();

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    facts = await tapExchange(EXCHANGES.events, [
      ROUTING_KEYS.orderConfirmed,
      ROUTING_KEYS.orderCancelled,
    ]);
    parked = await tapExchange(EXCHANGES.commands, [QUEUES.orderSagaParked]);
  }, 180_000);

  afterEach(() => provider.reset());

  afterAll(async () => {
    await Promise.all([facts?.close(), parked?.close()]);
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given a placed order, then ChargePayment and ReserveStock go out carrying their step deadline in expires-at', async () => {
    const sku = await products.add(10);
    const commands = await tapExchange(EXCHANGES.commands, [
      QUEUES.paymentCommands,
      QUEUES.inventoryCommands,
    ]);
    try {
      const order = await placeCheckout([{ sku, quantity: 1 }]);
      products.orderIds.push(order.orderId);
      await orderReaching(order, 'CONFIRMED');

      const saga = await sagaOf(order.orderId);
      const expiryOf = (type: string) => {
        const sent = commands.messages.find(
          (m) => envelopeOf(m).aggregateId === order.orderId && envelopeOf(m).type === type,
        );
        return Date.parse(String(sent?.headers['expires-at']));
      };
      const chargedAt = saga.steps.find(
        (step: { input: string }) => step.input === 'PaymentCharged',
      );
      expect(expiryOf('ChargePayment') - Date.parse(saga.startedAt)).toBe(
        Number(SAGA_SETTINGS.SAGA_CHARGE_TIMEOUT_MS),
      );
      expect(expiryOf('ReserveStock') - Date.parse(chargedAt.at)).toBe(
        Number(SAGA_SETTINGS.SAGA_RESERVE_TIMEOUT_MS),
      );
    } finally {
      await commands.close();
    }
  }, 60_000);

  it('given stock and an approving provider, then CONFIRMED with one charge and one reservation, and OrderConfirmed on both brokers', async () => {
    const sku = await products.add(10);
    const stream = await tapTopic(KAFKA_TOPICS.orders);
    const order = await placeCheckout([{ sku, quantity: 2 }]);
    products.orderIds.push(order.orderId);

    const confirmed = await orderReaching(order, 'CONFIRMED');
    expect(confirmed.statusVersion).toBe(2);
    expect(await paymentOf(order.orderId)).toEqual({ status: 'CHARGED', amount_cents: '200' });
    expect(await reservationOf(order.orderId)).toEqual({ status: 'RESERVED' });
    expect(await products.stockOf(sku)).toBe(8);
    const ledger = await provider.ledgerOf(order.orderId);
    expect(ledger.charges.filter((c: { status: string }) => c.status === 'captured')).toHaveLength(
      1,
    );

    const onRabbit = await waitFor('OrderConfirmed on shop.events', async () =>
      facts.messages.find(
        (m) =>
          envelopeOf(m).aggregateId === order.orderId && envelopeOf(m).type === 'OrderConfirmed',
      ),
    );
    expect(envelopeOf(onRabbit).data).toMatchObject({ statusVersion: 2, totalCents: 200 });
    const onKafka = await waitFor('OrderConfirmed on orders.events', async () =>
      (await stream.read()).find(
        (r) => r.key === order.orderId && (r.value as { type: string }).type === 'OrderConfirmed',
      ),
    );
    expect(onKafka.headers['correlation-id']).toBe(envelopeOf(onRabbit).correlationId);
    await stream.close();
    const saga = await sagaOf(order.orderId);
    expect(saga.steps.map((s: { to: string }) => s.to)).toEqual([
      'CHARGING',
      'RESERVING',
      'CONFIRMED',
    ]);
  }, 60_000);

  it('given a declining provider, then CANCELLED with the reason and no reservation', async () => {
    const sku = await products.add(10);
    await provider.behave({ declineRate: 1 });
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);

    const cancelled = await orderReaching(order, 'CANCELLED');
    expect(cancelled.history.at(-1).reason).toMatch(/^payment declined/);
    expect((await paymentOf(order.orderId))?.status).toBe('DECLINED');
    expect(await reservationOf(order.orderId)).toBeUndefined();
    expect(await products.stockOf(sku)).toBe(10);
  }, 60_000);

  it('given the stock gone while the charge runs, then the charge is refunded, the order CANCELLED and the stock untouched', async () => {
    const sku = await products.add(3);
    await provider.behave({ latencyMs: 1_000 }); // the charge is slow; the stock goes meanwhile
    const order = await placeCheckout([{ sku, quantity: 3 }]);
    products.orderIds.push(order.orderId);
    expect((await putStock(apps['inventory']?.baseUrl ?? '', sku, { stock: 0 })).status).toBe(200);

    const cancelled = await orderReaching(order, 'CANCELLED');
    expect(cancelled.history.at(-1).reason).toMatch(/stock/i);
    expect((await paymentOf(order.orderId))?.status).toBe('REFUNDED');
    expect((await reservationOf(order.orderId))?.status).toBe('REJECTED');
    expect(await products.stockOf(sku)).toBe(0);
    const ledger = await provider.ledgerOf(order.orderId);
    expect(ledger.refunds).toHaveLength(1);
  }, 60_000);

  it('given the provider slower than the charge deadline, then the order is CANCELLED and the late charge refunded, never charged twice', async () => {
    const sku = await products.add(5);
    // Slower than payment-service's 1.5 s provider timeout, and retried: the saga's 5 s charge
    // deadline passes before a charge is recorded; the provider captures anyway (late success).
    await provider.behave({ latencyMs: 4_000 });
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);

    // The deadline passes; the saga does not cancel blind but settles what the provider holds.
    await sagaReaching(order.orderId, 'VOIDING', 20_000);
    await provider.reset(); // answers in time again: the void (or a retried charge) finds it
    const cancelled = await orderReaching(order, 'CANCELLED', 20_000);
    expect(cancelled.history.at(-1).reason).toBe('payment timed out');
    await waitFor(
      'the late charge to be refunded',
      async () => ((await paymentOf(order.orderId))?.status === 'REFUNDED' ? true : undefined),
      { timeoutMs: 30_000 },
    );
    const ledger = await provider.ledgerOf(order.orderId);
    expect(ledger.charges.filter((c: { status: string }) => c.status === 'captured')).toHaveLength(
      1,
    );
    expect(ledger.refunds).toHaveLength(1);
    expect(await reservationOf(order.orderId)).toBeUndefined();
    expect((await orderReaching(order, 'CANCELLED')).statusVersion).toBe(2); // stays CANCELLED
  }, 90_000);

  it('given refunds failing, then the saga parks in COMPENSATION_FAILED with a message for people, and a retry after recovery finishes it', async () => {
    const sku = await products.add(2);
    await provider.behave({ latencyMs: 800, refundErrorRate: 1 });
    const order = await placeCheckout([{ sku, quantity: 2 }]);
    products.orderIds.push(order.orderId);
    expect((await putStock(apps['inventory']?.baseUrl ?? '', sku, { stock: 0 })).status).toBe(200);

    const saga = await sagaReaching(order.orderId, 'COMPENSATION_FAILED');
    expect(saga.compensationAttempts).toBe(3); // the first refund and its two retries
    const note = await waitFor('the parked saga message', async () =>
      parked.messages.find((m) => envelopeOf(m).aggregateId === order.orderId),
    );
    expect(envelopeOf(note)).toMatchObject({
      type: 'CheckoutSagaParked',
      data: { step: 'RefundPayment' },
    });
    const metrics = await (await fetch(`${apps['order']?.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^checkout_sagas\{state="COMPENSATION_FAILED"[^}]*\} [1-9]/m);
    const listed = (await (
      await fetch(`${apps['order']?.baseUrl}/sagas?state=COMPENSATION_FAILED`, {
        headers: { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` },
      })
    ).json()) as { items: Array<{ orderId: string }> };
    expect(listed.items.map((s) => s.orderId)).toContain(order.orderId);
    // The money is still with the shop, so the order is not cancelled yet: it waits for a person.
    expect((await getJson(`/orders/${order.orderId}`, order.token)).body.status).toBe('PENDING');

    await provider.reset();
    expect((await retrySaga(order.orderId)).status).toBe(202);
    await orderReaching(order, 'CANCELLED');
    expect((await paymentOf(order.orderId))?.status).toBe('REFUNDED');
    expect((await retrySaga(order.orderId)).status).toBe(409); // nothing parked any more
  }, 90_000);
});
