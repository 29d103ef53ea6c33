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

/** The most one sweep reads. */
const MAX_READS = 65_535;
/** How long a sweep waits for the next delivery before it settles for what arrived. */
const READ_IDLE_MS = 2_000;

/**
 * Takes the messages `isOurs` picks off a shared durable queue and returns them; every other
 * message stays, in its order. It reads without acknowledgements and, once it stopped reading,
 * publishes every other message to the queue again, confirmed. Why not read, then ack: a quorum queue on RabbitMQ 3.10
 * lost most acks sent shortly before the connection closed and put the messages back (300 taken,
 * 266 back, in one e2e file's cleanup), and each lost ack left a copy too, so dead letters doubled
 * file after file; and handing others back unacknowledged counts as a failed delivery, after a few
 * of which a subscriber dead-letters them. The price: a process killed mid-sweep loses what it
 * read and had not yet published again. Call it with no consumer on the queue, e.g. after the test
 * stopped its apps, or a consumer could be holding some of the test's messages.
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
    const ready = await channel.checkQueue(queue).catch(() => undefined);
    if (ready === undefined) return taken; // no such queue: nothing of ours either
    // Only as many as were there; the copies published again wait behind them. A consumer, not
    // basic.get, which a quorum queue answers in tens of milliseconds each.
    const count = Math.min(ready.messageCount, MAX_READS);
    if (count === 0) return taken;
    let read = 0;
    const others: ConsumeMessage[] = [];
    let consumerTag = '';
    await new Promise<void>((resolve) => {
      // Another consumer may take some meanwhile: stop at what arrived once nothing more does.
      let idle = setTimeout(resolve, READ_IDLE_MS);
      void channel
        .consume(
          queue,
          (delivery) => {
            if (delivery === null) return resolve();
            read += 1;
            const message = {
              messageId: delivery.properties.messageId as string | undefined,
              headers: delivery.properties.headers ?? {},
              body: parsed(delivery.content),
            };
            // Each delivery, even one that arrives after `count`, is taken or published again.
            if (isOurs(message)) taken.push(message);
            else others.push(delivery);
            clearTimeout(idle);
            if (read >= count) resolve();
            else idle = setTimeout(resolve, READ_IDLE_MS);
          },
          { noAck: true },
        )
        .then((ok) => (consumerTag = ok.consumerTag));
    });
    if (consumerTag !== '') await channel.cancel(consumerTag);
    // Published again only once the consumer is gone, or it would read the copies too.
    for (const delivery of others) {
      channel.sendToQueue(queue, delivery.content, publishOptionsOf(delivery.properties));
    }
    await channel.waitForConfirms();
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
