import { afterEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { deadLetterQueueName, QUEUES, retryQueueName } from '@pattern-shop/contracts';
import { LOCAL_INFRA, ServiceProcess, takeMessagesAbout, waitFor } from '@pattern-shop/testing';
import { runDeadLetters } from './dead-letters-command.js';

const RABBITMQ_URL = process.env['TEST_RABBITMQ_URL'] ?? LOCAL_INFRA.rabbitmqUrl;
const QUEUE = QUEUES.inventoryCommands;
/** Short waits, so the three attempts end within the test; the queues other tests use too. */
const RETRY_DELAYS_MS = [200, 400, 800];

let app: ServiceProcess | undefined;
const ourOrders: string[] = [];

afterEach(async () => {
  await app?.stop();
  app = undefined;
  // Whatever of ours a failed run left: in the queue, a retry queue or the dead letters.
  const queues = [
    QUEUE,
    deadLetterQueueName(QUEUE),
    ...RETRY_DELAYS_MS.map((ms) => retryQueueName(QUEUE, ms)),
  ];
  const left = await takeMessagesAbout(ourOrders.splice(0), queues);
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
const handled = async (baseUrl: string, outcome: string): Promise<number> => {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const labels = [`queue="${QUEUE}"`, `outcome="${outcome}"`];
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
  it('given inventory-service running, when a poison message is published to inventory.commands, then it is retried, lands in inventory.commands.dlq, and discard removes exactly it', async () => {
    app = ServiceProcess.start('inventory-service', {
      COMMAND_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
    });
    await app.waitUntilReady();
    const retriedBefore = await handled(app.baseUrl, 'retried');
    const [messageId, orderId, paymentId] = [randomUUID(), randomUUID(), randomUUID()];
    ourOrders.push(orderId);
    const ids = [messageId, orderId, paymentId];

    const poisoned = await run(['poison', QUEUE], {}, () => ids.shift() ?? randomUUID());

    expect(poisoned.code).toBe(0);
    expect(poisoned.out).toContain(
      `published poison message ${messageId} (ReleaseStock for order ${orderId}) to ${QUEUE}`,
    );
    const shown = await waitFor(
      'the poison message in inventory.commands.dlq',
      async () => {
        const attempt = await run(['show', QUEUE, messageId]);
        return attempt.code === 0 ? attempt.out : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(shown).toContain('  x-attempts: 3');
    expect(shown).toMatch(/x-error-reason: .*0x00/);
    expect(await handled(app.baseUrl, 'retried')).toBeGreaterThanOrEqual(retriedBefore + 2);

    const discarded = await run(['discard', QUEUE, '--id', messageId]);
    expect(discarded.code).toBe(0);
    expect(discarded.out).toContain(`discarded ${messageId}: ReleaseStock: `);
    expect((await run(['show', QUEUE, messageId])).err).toContain(
      `no dead letter with message id '${messageId}'`,
    );
  }, 90_000);

  it('given NODE_ENV=production, when asked for a poison message, then it refuses and publishes nothing', async () => {
    const orderId = randomUUID();
    ourOrders.push(orderId);
    const ids = [randomUUID(), orderId, randomUUID()];

    const refused = await run(
      ['poison', QUEUE],
      { NODE_ENV: 'production' },
      () => ids.shift() ?? '',
    );

    expect(refused.code).toBe(1);
    expect(refused.err).toContain('poison refuses to run with NODE_ENV=production');
    expect(ids).toHaveLength(3); // no id was even drawn
  });
});
