import { connect } from 'amqplib';
import { LOCAL_INFRA } from './local-environment.js';
import { waitFor } from './wait-for.js';

export type QueueDepths = Readonly<Record<string, number>>;

/** Retry queues empty themselves by TTL and amq.* queues are the broker's own: neither is a leftover. */
const watched = (queue: string): boolean => !queue.includes('.retry.') && !queue.startsWith('amq.');

// Asked again on failure: the management API answers 500 now and then (rabbitmq-server #10171).
const queueNames = (): Promise<string[]> =>
  waitFor(
    'the queue names from the management API',
    async () => {
      const { username, password } = new URL(LOCAL_INFRA.rabbitmqUrl);
      const auth = Buffer.from(`${username}:${password}`).toString('base64');
      const response = await fetch(`${LOCAL_INFRA.rabbitmqManagementUrl}/api/queues?columns=name`, {
        headers: { authorization: `Basic ${auth}` },
      });
      if (!response.ok) throw new Error(`GET /api/queues: ${response.status}`);
      const queues = (await response.json()) as { name: string }[];
      return queues.map(({ name }) => name).filter(watched);
    },
    { timeoutMs: 5_000 },
  );

/**
 * Every queue's ready messages, asked over AMQP (`checkQueue`) because the management API's
 * counts lag by its statistics interval; the names come from the management API.
 */
export const queueDepths = async (): Promise<QueueDepths> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  connection.on('error', () => undefined);
  const depths: Record<string, number> = {};
  try {
    for (const queue of await queueNames()) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        depths[queue] = (await channel.checkQueue(queue)).messageCount;
        await channel.close();
      } catch {
        // deleted between listing and asking (a tap closing): nothing left in it
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
  return depths;
};

/** The queues holding more messages than `before`, with how many more, largest first. */
export const leftoversSince = (before: QueueDepths, after: QueueDepths) =>
  Object.entries(after)
    .map(([queue, depth]) => ({ queue, added: depth - (before[queue] ?? 0) }))
    .filter(({ added }) => added > 0)
    .sort((a, b) => b.added - a.added || a.queue.localeCompare(b.queue));

export const describeLeftovers = (leftovers: ReturnType<typeof leftoversSince>): string =>
  leftovers.length === 0
    ? 'no messages left behind on RabbitMQ'
    : [
        'messages left behind on RabbitMQ by this run (queue: how many more than before it):',
        ...leftovers.map(({ queue, added }) => `  ${queue}: ${added}`),
      ].join('\n');
