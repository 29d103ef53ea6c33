import { connect, type ConsumeMessage, type MessageProperties, type Options } from 'amqplib';
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

/** The properties a message was published with, to publish it again unchanged. */
const publishOptionsOf = (properties: MessageProperties): Options.Publish =>
  Object.fromEntries(
    Object.entries(properties).filter(([, value]) => value !== undefined && value !== null),
  ) as Options.Publish;

/** The most one sweep reads: a consumer's prefetch is a 16-bit count. */
const MAX_READS = 65_535;
/** How long a sweep waits for the next delivery before it settles for what arrived. */
const READ_IDLE_MS = 2_000;

/**
 * Takes the messages `isOurs` picks off a shared durable queue and returns them; every other
 * message stays, in its order. Others are not handed back unacknowledged: a quorum queue counts
 * each return as a failed delivery, and after a few sweeps by other tests' cleanups a subscriber
 * dead-lettered them as "crashed the consumer 5 times". So each is published again to the queue,
 * and all that was read is acknowledged once the copies are confirmed. Call it with no consumer
 * on the queue, e.g. after the test stopped its apps, or a consumer could be holding some of the
 * test's messages.
 */
export const takeQueuedMessages = async (
  queue: string,
  isOurs: (message: QueuedMessage) => boolean,
): Promise<QueuedMessage[]> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  connection.on('error', () => undefined);
  const taken: QueuedMessage[] = [];
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    // Only as many as were there: the copies published again wait behind them. A consumer, not
    // basic.get, which a quorum queue answers in tens of milliseconds each (a used stack holds
    // thousands of dead letters); its prefetch stops deliveries at that count.
    const ready = await channel.checkQueue(queue).catch(() => undefined);
    if (ready === undefined) return taken; // no such queue: nothing of ours either
    const count = Math.min(ready.messageCount, MAX_READS);
    if (count === 0) return taken;
    await channel.prefetch(count);
    const read: ConsumeMessage[] = [];
    let consumerTag = '';
    await new Promise<void>((resolve) => {
      // Another consumer may take some meanwhile: stop at what arrived once nothing more does.
      let idle = setTimeout(resolve, READ_IDLE_MS);
      void channel
        .consume(queue, (delivery) => {
          if (delivery === null) return resolve();
          read.push(delivery);
          const message = {
            messageId: delivery.properties.messageId as string | undefined,
            headers: delivery.properties.headers ?? {},
            body: parsed(delivery.content),
          };
          if (isOurs(message)) taken.push(message);
          else channel.sendToQueue(queue, delivery.content, publishOptionsOf(delivery.properties));
          clearTimeout(idle);
          if (read.length >= count) resolve();
          else idle = setTimeout(resolve, READ_IDLE_MS);
        })
        .then((ok) => (consumerTag = ok.consumerTag));
    });
    if (consumerTag !== '') await channel.cancel(consumerTag);
    // Acknowledged only once every copy is confirmed, so a crash here doubles a message at worst.
    await channel.waitForConfirms();
    for (const delivery of read) channel.ack(delivery);
    // One more round trip on the channel lands the acks before the close, which on RabbitMQ
    // 3.10 otherwise drops the last one and puts that message back.
    await channel.checkQueue(queue);
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
