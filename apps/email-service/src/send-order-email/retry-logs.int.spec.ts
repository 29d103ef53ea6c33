import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { createEnvelope, EXCHANGES, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  ServiceProcess,
  startSwitchableTcpProxy,
  stateDir,
  type SwitchableTcpProxy,
  waitFor,
} from '@pattern-shop/testing';

// What a learner sees with `grep <correlationId>` in the app's log file while a message is
// retried: the real email-service, the real broker, an SMTP sink that refuses, then comes back.

type LogLine = Record<string, unknown> & { level: string; msg: string };

const LOG_FILE = join(stateDir(), 'logs', 'apps', 'email-service.log');
const linesWith = async (correlationId: string): Promise<LogLine[]> =>
  (await readFile(LOG_FILE, 'utf8'))
    .split('\n')
    .filter((line) => line.includes(correlationId))
    .map((line) => JSON.parse(line) as LogLine);

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

type MailDevMail = { id: string };
const mailsTo = async (address: string): Promise<MailDevMail[]> => {
  const url = `${LOCAL_INFRA.smtp.webUrl}/api/email?to.address=${encodeURIComponent(address)}`;
  return (await (await fetch(url)).json()) as MailDevMail[];
};

describe('email-service logs a retried message with its correlation id', () => {
  let app: ServiceProcess;
  let smtp: SwitchableTcpProxy;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const customerId = `retry-log-${randomUUID()}`;
  const address = `customer-${customerId}@pattern-shop.test`;

  beforeAll(async () => {
    smtp = await startSwitchableTcpProxy(LOCAL_INFRA.smtp.port, LOCAL_INFRA.smtp.host);
    app = ServiceProcess.start('email-service', {
      PORT: String(await freePort()),
      SMTP_PORT: String(smtp.port),
    });
    connection = await connect(LOCAL_INFRA.rabbitmqUrl);
    channel = await connection.createConfirmChannel();
    await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
    await app.waitUntilReady();
  }, 90_000);

  afterAll(async () => {
    smtp?.restore();
    await connection?.close();
    await app?.stop();
    await smtp?.close();
    for (const mail of await mailsTo(address)) {
      await fetch(`${LOCAL_INFRA.smtp.webUrl}/api/email/${mail.id}`, { method: 'DELETE' });
    }
  }, 30_000);

  it('given the SMTP sink refusing, when OrderConfirmed arrives, then one warn line per retry names the queue, message, correlation, order and attempt 1 of 3; once SMTP is back the retry sends the mail', async () => {
    const correlationId = `lab-${randomUUID()}`;
    const orderId = randomUUID();
    const fact = createEnvelope({
      messageId: randomUUID(),
      type: 'OrderConfirmed',
      version: 1,
      occurredAt: new Date(),
      correlationId,
      causationId: correlationId,
      aggregateId: orderId,
      data: { orderId, customerId, statusVersion: 3, totalCents: 4_990, currency: 'EUR' as const },
    });
    smtp.cut();
    channel.publish(
      EXCHANGES.events,
      ROUTING_KEYS.orderConfirmed,
      Buffer.from(JSON.stringify(fact)),
      { persistent: true, contentType: 'application/json', messageId: fact.messageId },
    );
    await channel.waitForConfirms();

    const [retry] = await waitFor('the retry in the log file', async () => {
      const found = (await linesWith(correlationId)).filter(
        (line) => line.msg === 'message scheduled for retry',
      );
      return found.length > 0 ? found : undefined;
    });
    smtp.restore();
    await waitFor('the mail, sent by the retry', async () =>
      (await mailsTo(address)).length > 0 ? true : undefined,
    );

    expect(retry).toMatchObject({
      level: 'warn',
      service: 'email-service',
      queue: QUEUES.emailOrderEvents,
      messageId: fact.messageId,
      type: 'OrderConfirmed',
      correlationId,
      orderId,
      attempt: 1,
      maxAttempts: 3,
    });
    expect(retry?.['delayMs']).toEqual(expect.any(Number));
    expect(retry?.['error']).toEqual(expect.any(String));
    const lines = await linesWith(correlationId);
    expect(lines.filter((line) => line.msg === 'message scheduled for retry')).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'message dead-lettered')).toEqual([]);
  }, 60_000);
});
