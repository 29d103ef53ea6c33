import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import {
  createEnvelope,
  deadLetterQueueName,
  EXCHANGES,
  type MessageEnvelope,
  QUEUES,
  retryQueueName,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  ServiceProcess,
  startSwitchableTcpProxy,
  type SwitchableTcpProxy,
  waitFor,
} from '@pattern-shop/testing';

// The chaos lab's weak variants (docs/chaos.md) on the real servers: what the inbox and the
// ack-after-effect protect, shown by turning each off. The resilient forms are tested beside this.

type MailDevMail = { id: string };
const mailsTo = async (address: string): Promise<MailDevMail[]> => {
  const url = `${LOCAL_INFRA.smtp.webUrl}/api/email?to.address=${encodeURIComponent(address)}`;
  return (await (await fetch(url)).json()) as MailDevMail[];
};

/** Message ids in a queue right now, peeked through the management API and put back. */
const messageIdsIn = async (queue: string): Promise<string[]> => {
  const response = await fetch(
    `${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues/%2F/${encodeURIComponent(queue)}/get`,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('shop:shop_dev').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ count: 1_000, ackmode: 'ack_requeue_true', encoding: 'auto' }),
    },
  );
  if (response.status === 404) return [];
  const messages = (await response.json()) as Array<{ properties: { message_id?: string } }>;
  return messages.map((message) => message.properties.message_id ?? '');
};

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const confirmed = (orderId: string, customerId: string) =>
  createEnvelope({
    messageId: randomUUID(),
    type: 'OrderConfirmed',
    version: 1,
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, customerId, statusVersion: 3, totalCents: 4_990, currency: 'EUR' as const },
  });

describe('email-service with WEAK_MECHANISMS=no-inbox,ack-before-effect', () => {
  let app: ServiceProcess;
  let smtp: SwitchableTcpProxy;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const recipients: string[] = [];

  const newCustomer = () => {
    const customerId = `weak-${randomUUID()}`;
    const address = `customer-${customerId}@pattern-shop.test`;
    recipients.push(address);
    return { customerId, address };
  };
  const publish = async (envelope: MessageEnvelope) => {
    channel.publish(
      EXCHANGES.events,
      ROUTING_KEYS.orderConfirmed,
      Buffer.from(JSON.stringify(envelope)),
      { persistent: true, contentType: 'application/json', messageId: envelope.messageId },
    );
    await channel.waitForConfirms();
  };
  const logged = (messageId: string, text: string) =>
    waitFor(`"${text}" logged for ${messageId}`, async () =>
      app.output.split('\n').some((line) => line.includes(messageId) && line.includes(text))
        ? true
        : undefined,
    );

  beforeAll(async () => {
    smtp = await startSwitchableTcpProxy(LOCAL_INFRA.smtp.port, LOCAL_INFRA.smtp.host);
    app = ServiceProcess.start('email-service', {
      PORT: String(await freePort()),
      SMTP_PORT: String(smtp.port),
      WEAK_MECHANISMS: 'no-inbox,ack-before-effect',
    });
    connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    channel = await connection.createConfirmChannel();
    await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
    await app.waitUntilReady();
  }, 90_000);

  afterAll(async () => {
    await connection?.close();
    await app?.stop();
    await smtp?.close();
    for (const address of recipients) {
      for (const mail of await mailsTo(address)) {
        await fetch(`${LOCAL_INFRA.smtp.webUrl}/api/email/${mail.id}`, { method: 'DELETE' });
      }
    }
  }, 30_000);

  it('given the switches on, then the start log warns loudly, naming them', () => {
    expect(app.firstOutput).toMatch(/WEAK MECHANISMS ON \(no-inbox, ack-before-effect\)/);
  });

  it('given no-inbox, when one message is delivered twice, then the customer gets two mails', async () => {
    const { customerId, address } = newCustomer();
    const message = confirmed(randomUUID(), customerId);
    await publish(message);
    await publish(message);

    const mails = await waitFor('a second mail for one message', async () => {
      const received = await mailsTo(address);
      return received.length >= 2 ? received : undefined;
    });
    expect(mails).toHaveLength(2);
  }, 60_000);

  it('given ack-before-effect, when the handler fails, then the message is gone: no retry, no dead letter, no mail', async () => {
    const lost = newCustomer();
    const message = confirmed(randomUUID(), lost.customerId);
    smtp.cut();
    await publish(message);
    await logged(message.messageId, 'message lost: acked before its effect');
    smtp.restore();

    const queue = QUEUES.emailOrderEvents;
    const elsewhere = [
      deadLetterQueueName(queue),
      retryQueueName(queue, 1_000),
      retryQueueName(queue, 10_000),
    ];
    for (const where of elsewhere) {
      expect(await messageIdsIn(where)).not.toContain(message.messageId);
    }
    // A later message goes through, so the consumer is healthy; the lost one never comes back.
    const later = newCustomer();
    await publish(confirmed(randomUUID(), later.customerId));
    await waitFor('the later mail', async () =>
      (await mailsTo(later.address)).length > 0 ? true : undefined,
    );
    expect(await mailsTo(lost.address)).toEqual([]);
  }, 60_000);
});
