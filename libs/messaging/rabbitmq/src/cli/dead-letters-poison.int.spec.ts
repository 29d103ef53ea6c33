import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { deadLetterQueueName, QUEUES, retryQueueName } from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess, takeMessagesAbout, waitFor } from '@pattern-shop/testing';
import { runDeadLetters } from './dead-letters-command.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? LOCAL_INFRA.rabbitmqUrl;
/**
 * Each poisonable queue, its consuming app, and the retry delays it runs with: short ones where
 * the app lets us set them (the values other tests use, so no new retry queues), else its own.
 */
const CONSUMERS = [
  {
    queue: QUEUES.inventoryCommands,
    app: 'inventory-service',
    type: 'ReleaseStock',
    retryDelaysMs: [200, 400, 800],
  },
  {
    queue: QUEUES.paymentCommands,
    app: 'payment-service',
    type: 'RefundPayment',
    retryDelaysMs: [300, 600],
  },
  {
    queue: QUEUES.emailOrderEvents,
    app: 'email-service',
    type: 'OrderCancelled',
    retryDelaysMs: [1_000, 10_000],
  },
] as const;
type Consumer = (typeof CONSUMERS)[number];

let app: ServiceProcess | undefined;
const ourOrders: string[] = [];
let touched: readonly string[] = [];

afterEach(async () => {
  await app?.stop();
  app = undefined;
  // Whatever of ours a failed run left: in the queue, a retry queue or the dead letters.
  const left = await takeMessagesAbout(ourOrders.splice(0), touched);
  expect(Object.entries(left).filter(([, count]) => count > 0)).toEqual([]);
});

const run = async (args: string[], env: Record<string, string> = {}, newId?: () => string) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeadLetters(args, {
    env: { RABBITMQ_URL, ...env },
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    ...(newId === undefined ? {} : { newId }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** One series of the app's `/metrics` (its labels in any order), 0 when absent. */
const handled = async (baseUrl: string, queue: string, outcome: string): Promise<number> => {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const labels = [`queue="${queue}"`, `outcome="${outcome}"`];
  const line = text
    .split('\n')
    .find(
      (row) =>
        row.startsWith('rabbitmq_messages_handled_total{') &&
        labels.every((label) => row.includes(label)),
    );
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
};

describe('dead-letters poison, consumed by the real app', () => {
  it.each(CONSUMERS)(
    'given $app running, when a poison message is published to $queue, then it is retried, lands in its .dlq, and discard removes exactly it',
    async ({ queue, app: name, type, retryDelaysMs }: Consumer) => {
      touched = [
        queue,
        deadLetterQueueName(queue),
        ...retryDelaysMs.map((ms) => retryQueueName(queue, ms)),
      ];
      const settings =
        name === 'email-service' ? {} : { COMMAND_RETRY_DELAYS_MS: retryDelaysMs.join(',') };
      app = ServiceProcess.start(name, settings);
      await app.waitUntilReady();
      const retriedBefore = await handled(app.baseUrl, queue, 'retried');
      const [messageId, orderId, paymentId] = [randomUUID(), randomUUID(), randomUUID()];
      ourOrders.push(orderId);
      const ids = [messageId, orderId, paymentId];

      const poisoned = await run(['poison', queue], {}, () => ids.shift() ?? randomUUID());

      expect(poisoned.code).toBe(0);
      expect(poisoned.out).toContain(
        `published poison message ${messageId} (${type} for order ${orderId}) to ${queue}`,
      );
      const shown = await waitFor(
        `the poison message in ${queue}.dlq`,
        async () => {
          const attempt = await run(['show', queue, messageId]);
          return attempt.code === 0 ? attempt.out : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(shown).toContain('  x-attempts: 3');
      expect(shown).toMatch(/x-error-reason: .*0x00/);
      expect(await handled(app.baseUrl, queue, 'retried')).toBeGreaterThanOrEqual(
        retriedBefore + 2,
      );

      const discarded = await run(['discard', queue, '--id', messageId]);
      expect(discarded.code).toBe(0);
      expect(discarded.out).toContain(`discarded ${messageId}: ${type}: `);
      expect((await run(['show', queue, messageId])).err).toContain(
        `no dead letter with message id '${messageId}'`,
      );
    },
    90_000,
  );

  it('given NODE_ENV=production, when asked for a poison message, then it refuses and publishes nothing', async () => {
    const orderId = randomUUID();
    ourOrders.push(orderId);
    const ids = [randomUUID(), orderId, randomUUID()];

    touched = [QUEUES.paymentCommands];
    const refused = await run(
      ['poison', QUEUES.paymentCommands],
      { NODE_ENV: 'production' },
      () => ids.shift() ?? '',
    );

    expect(refused.code).toBe(1);
    expect(refused.err).toContain('poison refuses to run with NODE_ENV=production');
    expect(ids).toHaveLength(3); // no id was even drawn
  });
});
