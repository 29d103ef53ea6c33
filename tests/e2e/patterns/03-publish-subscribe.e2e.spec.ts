import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  connectOrderStatus,
  type OrderStatusClient,
  type OrderStatusPush,
} from '@pattern-shop/realtime-client';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  rabbitQueueDepth,
  type RabbitTap,
  ServiceProcess,
  tapExchange,
  waitFor,
} from '@pattern-shop/testing';
import {
  orderReaching,
  placeCheckout,
  type PlacedOrder,
  provider,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';
import { newCustomerId, ORDER_SERVICE } from '../support/order-api.js';
import { CLIENT_HEARTBEAT_TIMEOUT_MS, FAST_HEARTBEATS } from '../support/realtime-stack.js';

/** email-service derives the address from the customer id (docs/patterns/03-publish-subscribe.md). */
const mailboxOf = (customerId: string) => `customer-${customerId}@pattern-shop.test`;

const mailsTo = async (customerId: string): Promise<Array<{ id: string; subject: string }>> =>
  (await fetch(
    `${LOCAL_INFRA.smtp.webUrl}/api/email?to.address=${encodeURIComponent(mailboxOf(customerId))}`,
  ).then((response) => response.json())) as Array<{ id: string; subject: string }>;

const sentEmailsOf = (orderId: string) =>
  queryServiceDb<{ template: string }>(
    'email-service',
    'SELECT template FROM sent_emails WHERE order_id = $1',
    [orderId],
  );

/**
 * Pattern 3 on the real servers: the saga confirms an order, order-service publishes one
 * `order.confirmed` to the topic exchange `shop.events`, and every queue bound to that key gets a
 * copy of its own: email-service's durable `email.order-events`, the gateway's
 * `realtime.order-events.<instance>`, and a subscriber added by the test, which nobody told the
 * publisher about. A subscriber that is down loses nothing: its durable queue keeps the copy.
 */
describe('pattern 3, publish/subscribe: one fact on shop.events, one copy per subscriber', () => {
  let apps: Record<string, ServiceProcess>;
  let email: ServiceProcess;
  let gateway: ServiceProcess;
  let newSubscriber: RabbitTap;
  const clients: OrderStatusClient[] = [];
  const customers: string[] = [];
  const products = new TestProducts();

  const checkout = async (): Promise<PlacedOrder & { customerId: string }> => {
    const customerId = newCustomerId();
    customers.push(customerId);
    const sku = await products.add(5);
    const order = await placeCheckout([{ sku, quantity: 1 }], customerId);
    products.orderIds.push(order.orderId);
    return { ...order, customerId };
  };

  /** The copies of `order.confirmed` for this order that the test's own subscriber received. */
  const confirmedFactsOf = (orderId: string) =>
    newSubscriber.messages.filter(
      (m) =>
        m.routingKey === ROUTING_KEYS.orderConfirmed &&
        (m.body as { aggregateId?: string }).aggregateId === orderId,
    );

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    email = ServiceProcess.start('email-service');
    gateway = ServiceProcess.start('realtime-gateway', FAST_HEARTBEATS);
    await Promise.all([email.waitUntilReady(), gateway.waitUntilReady()]);
    newSubscriber = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderConfirmed]);
  }, 180_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await newSubscriber?.close();
    await provider.reset();
    await Promise.all([email, gateway, ...Object.values(apps ?? {})].map((app) => app?.stop()));
    await products.remove();
    for (const customerId of customers) {
      for (const mail of await mailsTo(customerId)) {
        await fetch(`${LOCAL_INFRA.smtp.webUrl}/api/email/${mail.id}`, { method: 'DELETE' });
      }
    }
  }, 60_000);

  it('given email-service, realtime-gateway and a new subscriber bound to order.confirmed, when the saga confirms an order, then each gets its own copy of the one fact and handles it once', async () => {
    await provider.behave({ latencyMs: 1_000 }); // time for the client to subscribe first
    const order = await checkout();
    const shown: OrderStatusPush[] = [];
    const client = connectOrderStatus({
      url: gateway.baseUrl,
      orderServiceUrl: ORDER_SERVICE,
      token: order.token,
      orderIds: [order.orderId],
      heartbeatTimeoutMs: CLIENT_HEARTBEAT_TIMEOUT_MS,
      onStatus: (status) => shown.push(status),
    });
    clients.push(client);
    await orderReaching(order, 'CONFIRMED');

    // The new subscriber: one copy, published once (one message id).
    const [fact] = await waitFor('order.confirmed on the new subscriber', async () =>
      confirmedFactsOf(order.orderId).length > 0 ? confirmedFactsOf(order.orderId) : undefined,
    );
    const messageId = (fact?.body as { messageId: string }).messageId;
    // email-service: its inbox recorded that message id, one row, one mail (sent before the commit).
    await waitFor('the confirmation mail recorded', async () =>
      (await sentEmailsOf(order.orderId)).length > 0 ? true : undefined,
    );
    const inbox = await queryServiceDb(
      'email-service',
      'SELECT consumer FROM processed_messages WHERE message_id = $1',
      [messageId],
    );
    expect(inbox).toHaveLength(1);
    expect(await sentEmailsOf(order.orderId)).toEqual([{ template: 'order-confirmed' }]);
    expect(await mailsTo(order.customerId)).toHaveLength(1);
    // realtime-gateway: its copy became one CONFIRMED push to the customer's screen.
    await waitFor('CONFIRMED pushed to the client', async () =>
      shown.some((push) => push.status === 'CONFIRMED') ? true : undefined,
    );
    expect(shown.filter((push) => push.status === 'CONFIRMED')).toHaveLength(1);
    expect(confirmedFactsOf(order.orderId)).toHaveLength(1);
  }, 60_000);

  it("given email-service down, when an order is confirmed, then the new subscriber gets its copy at once, and email-service's waits in email.order-events and is mailed once when it comes back", async () => {
    await provider.reset();
    await email.stop();
    const order = await checkout();
    await orderReaching(order, 'CONFIRMED');
    await waitFor('order.confirmed on the new subscriber', async () =>
      confirmedFactsOf(order.orderId).length === 1 ? true : undefined,
    );
    // The copy for the absent subscriber is kept by the broker, not lost and not mailed.
    await waitFor(
      `the copy waiting in ${QUEUES.emailOrderEvents}`,
      async () => ((await rabbitQueueDepth(QUEUES.emailOrderEvents)) > 0 ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(await sentEmailsOf(order.orderId)).toEqual([]);
    expect(await mailsTo(order.customerId)).toEqual([]);

    email = ServiceProcess.start('email-service');
    await email.waitUntilReady();
    await waitFor('the mail recorded once email-service is back', async () =>
      (await sentEmailsOf(order.orderId)).length > 0 ? true : undefined,
    );
    expect(await sentEmailsOf(order.orderId)).toEqual([{ template: 'order-confirmed' }]);
    expect(await mailsTo(order.customerId)).toHaveLength(1);
  }, 90_000);
});
