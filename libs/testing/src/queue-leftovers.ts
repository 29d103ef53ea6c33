import { connect } from 'amqplib';
import { LOCAL_INFRA } from './local-environment.js';

/** A message read off a queue by a test cleaning up after itself. */
export type QueuedMessage = Readonly<{
  messageId: string | undefined;
  headers: Record<string, unknown>;
  body: unknown;
}>;

const parsed = (content: Buffer): unknown => {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return content.toString('utf8'); // a poison message planted on purpose is not JSON
  }
};

/** A bound, so a queue someone keeps filling cannot hold a cleanup forever. */
const MAX_READS = 100_000;

/**
 * Takes the messages `isOurs` picks off a shared durable queue and returns them; every other
 * message stays. Others are left unacknowledged and go back when the channel closes (a nack would
 * count as a failed delivery in a quorum queue). Call it with no consumer on the queue, e.g. after
 * the test stopped its apps, or a consumer could be holding some of the test's messages.
 */
export const takeQueuedMessages = async (
  queue: string,
  isOurs: (message: QueuedMessage) => boolean,
): Promise<QueuedMessage[]> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  connection.on('error', () => undefined);
  const taken: QueuedMessage[] = [];
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    // Until basic.get finds nothing: that last round trip also lands the acks before the close,
    // which on RabbitMQ 3.10 otherwise drops the final ack and puts that message back.
    for (let read = 0; read < MAX_READS; read++) {
      const delivery = await channel.get(queue, { noAck: false }).catch(() => false as const);
      if (delivery === false) break;
      const message = {
        messageId: delivery.properties.messageId as string | undefined,
        headers: delivery.properties.headers ?? {},
        body: parsed(delivery.content),
      };
      if (!isOurs(message)) continue;
      channel.ack(delivery);
      taken.push(message);
    }
  } finally {
    await connection.close().catch(() => undefined); // a queue that does not exist closed the channel
  }
  return taken;
};

/** The aggregate (order) id of an envelope, or undefined for anything else. */
export const aggregateIdOf = (message: QueuedMessage): string | undefined => {
  const body = message.body as { aggregateId?: unknown } | null;
  return typeof body?.aggregateId === 'string' ? body.aggregateId : undefined;
};

/** Takes every message about these aggregates (orders) off each queue; returns how many per queue. */
export const takeMessagesAbout = async (
  aggregateIds: Iterable<string>,
  queues: readonly string[],
): Promise<Record<string, number>> => {
  const ours = new Set(aggregateIds);
  const taken: Record<string, number> = {};
  if (ours.size === 0) return taken;
  for (const queue of queues) {
    const messages = await takeQueuedMessages(queue, (message) =>
      ours.has(aggregateIdOf(message) ?? ''),
    );
    taken[queue] = messages.length;
  }
  return taken;
};
