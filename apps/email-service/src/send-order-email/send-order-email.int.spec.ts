import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  createEnvelope,
  EXCHANGES,
  type MessageEnvelope,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { LOCAL_INFRA, queryServiceDb, ServiceProcess, waitFor } from '@pattern-shop/testing';

type MailDevMail = { id: string; subject: string; text: string; messageId?: string };

const mailsTo = async (address: string): Promise<MailDevMail[]> => {
  const url = `${LOCAL_INFRA.smtp.webUrl}/api/email?to.address=${encodeURIComponent(address)}`;
  return (await (await fetch(url)).json()) as MailDevMail[];
};

const sentEmailsOf = (orderId: string) =>
  queryServiceDb<{ template: string; recipient: string }>(
    'email-service',
    'SELECT template, recipient FROM sent_emails WHERE order_id = $1',
    [orderId],
  );

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const confirmed = (orderId: string, customerId: string, messageId = randomUUID()) =>
  createEnvelope({
    messageId,
    type: 'OrderConfirmed',
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, customerId, statusVersion: 3, totalCents: 4_990, currency: 'EUR' as const },
  });

const cancelled = (orderId: string, customerId: string, reason: string) =>
  createEnvelope({
    messageId: randomUUID(),
    type: 'OrderCancelled',
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, customerId, statusVersion: 3, reason },
  });

/** Pattern 3 end to end: a fact on shop.events becomes one real mail in the SMTP sink. */
describe('email-service: order facts become one email per order and template', () => {
  let app: ServiceProcess;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const recipients: string[] = [];

  const newCustomer = () => {
    const customerId = `int-${randomUUID()}`;
    const address = `customer-${customerId}@pattern-shop.test`;
    recipients.push(address);
    return { customerId, address };
  };

  const publish = async (routingKey: string, envelope: MessageEnvelope) => {
    channel.publish(EXCHANGES.events, routingKey, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.messageId,
      type: envelope.type,
    });
    await channel.waitForConfirms();
  };

  beforeAll(async () => {
    app = ServiceProcess.start('email-service', { PORT: String(await freePort()) });
    connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    channel = await connection.createConfirmChannel();
    await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
    // Ready means subscribed: the queue is declared and bound during bootstrap.
    await app.waitUntilReady();
  }, 90_000);

  afterAll(async () => {
    await connection?.close();
    await app?.stop();
    for (const address of recipients) {
      for (const mail of await mailsTo(address)) {
        await fetch(`${LOCAL_INFRA.smtp.webUrl}/api/email/${mail.id}`, { method: 'DELETE' });
      }
    }
  }, 30_000);

  it('given OrderConfirmed, when it is published, then the customer gets a confirmation mail naming the order', async () => {
    const { customerId, address } = newCustomer();
    const orderId = randomUUID();
    await publish(ROUTING_KEYS.orderConfirmed, confirmed(orderId, customerId));

    const [mail] = await waitFor('the confirmation mail', async () => {
      const mails = await mailsTo(address);
      return mails.length > 0 ? mails : undefined;
    });
    expect(mail?.subject).toBe(`Your order ${orderId} is confirmed`);
    expect(mail?.text).toContain(orderId);
    expect(mail?.text).toContain('49.90 EUR');
    expect(await sentEmailsOf(orderId)).toEqual([
      { template: 'order-confirmed', recipient: address },
    ]);
  }, 60_000);

  it('given the same message delivered twice, when both are handled, then one mail and one sent_emails row', async () => {
    const { customerId, address } = newCustomer();
    const orderId = randomUUID();
    const message = confirmed(orderId, customerId);
    await publish(ROUTING_KEYS.orderConfirmed, message);
    await publish(ROUTING_KEYS.orderConfirmed, message);

    // The second delivery is recognised by the inbox; the service logs it.
    await waitFor('the second delivery to be skipped as a duplicate', async () =>
      app.output
        .split('\n')
        .some((line) => line.includes(message.messageId) && line.includes('duplicate-message'))
        ? true
        : undefined,
    );
    expect(await mailsTo(address)).toHaveLength(1);
    expect(await sentEmailsOf(orderId)).toHaveLength(1);
  }, 60_000);

  it('given the same fact as two different messages, when both are handled, then still one mail', async () => {
    const { customerId, address } = newCustomer();
    const orderId = randomUUID();
    const first = confirmed(orderId, customerId);
    const second = confirmed(orderId, customerId);
    await publish(ROUTING_KEYS.orderConfirmed, first);
    await publish(ROUTING_KEYS.orderConfirmed, second);

    // Both messages pass the inbox (different ids); sent_emails stops the second mail.
    await waitFor('both messages to be handled', async () => {
      const rows = await queryServiceDb(
        'email-service',
        'SELECT message_id FROM processed_messages WHERE message_id = ANY($1)',
        [[first.messageId, second.messageId]],
      );
      return rows.length === 2 ? rows : undefined;
    });
    expect(await mailsTo(address)).toHaveLength(1);
    expect(await sentEmailsOf(orderId)).toHaveLength(1);
  }, 60_000);

  it('given OrderCancelled, when it is published, then the customer gets a cancellation mail with the reason', async () => {
    const { customerId, address } = newCustomer();
    const orderId = randomUUID();
    const reason = `payment declined ${randomUUID()}`;
    await publish(ROUTING_KEYS.orderCancelled, cancelled(orderId, customerId, reason));

    const [mail] = await waitFor('the cancellation mail', async () => {
      const mails = await mailsTo(address);
      return mails.length > 0 ? mails : undefined;
    });
    expect(mail?.subject).toBe(`Your order ${orderId} was cancelled`);
    expect(mail?.text).toContain(`Reason: ${reason}`);
    expect(await sentEmailsOf(orderId)).toEqual([
      { template: 'order-cancelled', recipient: address },
    ]);
  }, 60_000);

  it('given the management plugin configured, when /metrics is scraped, then it reports the depth, consumers and dead letters of email.order-events', async () => {
    const gauge = (text: string, name: string) =>
      new RegExp(`^${name}\\{queue="email\\.order-events"[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1];
    // The monitor polls every 5 s; this test's instance consumes the queue, so the broker soon
    // counts at least one consumer.
    const text = await waitFor('the consumer to be counted on /metrics', async () => {
      const scraped = await (await fetch(`${app.baseUrl}/metrics`)).text();
      return Number(gauge(scraped, 'rabbitmq_queue_consumers') ?? 0) >= 1 ? scraped : undefined;
    });
    expect(gauge(text, 'rabbitmq_queue_depth')).toMatch(/^\d+$/);
    expect(gauge(text, 'rabbitmq_dead_letter_depth')).toMatch(/^\d+$/);
  }, 60_000);
});
