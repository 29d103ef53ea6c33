import type { ChannelModel, ConfirmChannel, MessageProperties, Options } from 'amqplib';
import { DEAD_LETTER_EXCHANGE } from '@pattern-shop/contracts';
import { bindToDeadLetterExchange } from '../dead-letter-exchange.js';
import { getManagementJson, managementAuthorization } from '../management-api.js';
import { holdQueuedMessages } from './hold-queued-messages.js';

/** A queue as the management API lists it. */
type ListedQueue = Readonly<{
  name: string;
  durable: boolean;
  exclusive: boolean;
  arguments: Readonly<Record<string, unknown>>;
}>;
type ListedBinding = Readonly<{
  source: string;
  routing_key: string;
  arguments: Readonly<Record<string, unknown>>;
}>;

export type MigrationIo = Readonly<{
  /** The operator's AMQP URL; the management API takes the same credentials. */
  rabbitmqUrl: string;
  managementUrl: string;
  print: (line: string) => void;
}>;

/** Where a queue's messages wait while it is declared again. */
export const HOLDING_SUFFIX = '.migrating';
const RETRY_QUEUE = /\.retry\.[0-9]+m?s$/;

/** The properties a message was published with, to publish it again unchanged. */
export const publishOptionsOf = (properties: MessageProperties): Options.Publish =>
  Object.fromEntries(
    Object.entries(properties).filter(([, value]) => value !== undefined && value !== null),
  ) as Options.Publish;

/** Declared by an older tree: dead letters (or expired retries) through the default exchange. */
const routesThroughDefaultExchange = (queue: ListedQueue): boolean =>
  queue.arguments['x-dead-letter-exchange'] === '' && !queue.exclusive;

/**
 * Moves every queue that dead-letters through the default exchange (as trees before issue 19's
 * last step declared them) to `shop.dead-letters`, keeping its messages and bindings: RabbitMQ
 * cannot change a queue's arguments, so each is emptied into a holding queue that takes its
 * bindings meanwhile, declared again and refilled. A retry queue is emptied into the queue it
 * returns to: its messages are retried at once. Resumes a run that stopped half-way; refuses
 * while apps consume. Nothing is lost; a message may arrive twice (a lost ack, or published while
 * both queues were bound), which consumers' inboxes drop. Resolves with the number of queues moved.
 */
export const migrateDeadLetterRoutes = async (
  model: ChannelModel,
  io: MigrationIo,
): Promise<number> => {
  const broker = managementReader(io);
  const queues = await broker.queues();
  const names = new Set(queues.map(({ name }) => name));
  const old = queues.filter(routesThroughDefaultExchange);
  await refuseWhileConsumed(model, old);
  // Holding queues a run that stopped half-way left behind, their queue already declared anew.
  const stopped = queues
    .filter(({ name }) => name.endsWith(HOLDING_SUFFIX))
    .map(({ name }) => name.slice(0, -HOLDING_SUFFIX.length))
    .filter((base) => !old.some(({ name }) => name === base));
  if (old.length === 0 && stopped.length === 0) {
    io.print('dead-letter routes: every queue routes through shop.dead-letters already');
    return 0;
  }
  // Retry queues first: their messages go back to queues that are moved after them.
  for (const queue of old.filter(({ name }) => RETRY_QUEUE.test(name))) {
    const target = deadLetterTargetOf(queue);
    const moved = await moveAll(model, queue.name, target, { dropExpiration: true });
    await declareAnew(model, queue, [], []);
    io.print(
      `dead-letter routes: ${queue.name} now dead-letters through ${DEAD_LETTER_EXCHANGE} (${moved} message(s) retried at once)`,
    );
  }
  for (const queue of old.filter(({ name }) => !RETRY_QUEUE.test(name))) {
    const bindings = await broker.bindings(queue.name);
    const holding = `${queue.name}${HOLDING_SUFFIX}`;
    await withChannel(model, async (channel) => {
      await channel.assertQueue(holding, { durable: queue.durable, arguments: queueTypeOf(queue) });
      // Bound to both a moment, so nothing published meanwhile is lost.
      for (const { source, routing_key, arguments: args } of bindings) {
        await channel.bindQueue(holding, source, routing_key, args);
        await channel.unbindQueue(queue.name, source, routing_key, args);
      }
    });
    const moved = await moveAll(model, queue.name, holding, { dropExpiration: false });
    const target = deadLetterTargetOf(queue);
    await declareAnew(model, queue, bindings, names.has(target) ? [target] : []);
    await refill(model, queue.name, bindings);
    io.print(
      `dead-letter routes: ${queue.name} now dead-letters through ${DEAD_LETTER_EXCHANGE} (${moved} message(s) kept)`,
    );
  }
  for (const base of stopped) {
    const holding = `${base}${HOLDING_SUFFIX}`;
    if (!names.has(base)) {
      throw new Error(
        `${base} is missing and its messages wait in ${holding}: start the app that declares ${base}, then run this again`,
      );
    }
    await refill(model, base, await broker.bindings(holding));
    io.print(`dead-letter routes: ${base} refilled from ${holding}, left by a stopped run`);
  }
  return old.length;
};

const managementReader = (io: MigrationIo) => {
  const vhost = encodeURIComponent(
    decodeURIComponent(new URL(io.rabbitmqUrl).pathname.slice(1)) || '/',
  );
  const get = <T>(path: string) =>
    getManagementJson<T>(`${io.managementUrl}/api${path}`, {
      authorization: managementAuthorization(io.rabbitmqUrl),
    });
  return {
    queues: () => get<ListedQueue[]>(`/queues/${vhost}?columns=name,durable,exclusive,arguments`),
    /** Its bindings but the default exchange's, which every queue has. */
    bindings: async (queue: string) =>
      (await get<ListedBinding[]>(`/queues/${vhost}/${encodeURIComponent(queue)}/bindings`)).filter(
        ({ source }) => source !== '',
      ),
  };
};

/** The broker's own consumer counts: the management API's lag by seconds. */
const refuseWhileConsumed = async (model: ChannelModel, queues: readonly ListedQueue[]) => {
  const consumed = await withChannel(model, async (channel) => {
    const counts: string[] = [];
    for (const { name } of queues) {
      const { consumerCount } = await channel.checkQueue(name);
      if (consumerCount > 0) counts.push(`${name} has ${consumerCount} consumer(s)`);
    }
    return counts;
  });
  if (consumed.length > 0) throw new Error(`stop the apps first: ${consumed.join(', ')}`);
};

const deadLetterTargetOf = (queue: ListedQueue): string =>
  String(queue.arguments['x-dead-letter-routing-key'] ?? '');

const withChannel = async <T>(
  model: ChannelModel,
  act: (channel: ConfirmChannel) => Promise<T>,
): Promise<T> => {
  const channel = await model.createConfirmChannel();
  try {
    return await act(channel);
  } finally {
    await channel.close().catch(() => undefined);
  }
};

const queueTypeOf = (queue: ListedQueue): Readonly<Record<string, unknown>> =>
  queue.arguments['x-queue-type'] === undefined
    ? {}
    : { 'x-queue-type': queue.arguments['x-queue-type'] };

/**
 * Moves every message of `from` to `to`, each acked once its copy is confirmed, round after round
 * until `from` counts none: a quorum queue may put back a message whose ack it lost.
 */
const moveAll = async (
  model: ChannelModel,
  from: string,
  to: string,
  { dropExpiration }: { dropExpiration: boolean },
): Promise<number> => {
  let moved = 0;
  for (;;) {
    const round = await withChannel(model, async (channel) => {
      const messages = await holdQueuedMessages(channel, from);
      for (const message of messages) {
        const options = publishOptionsOf(message.properties);
        if (dropExpiration) delete options.expiration;
        channel.sendToQueue(to, message.content, options);
      }
      await channel.waitForConfirms();
      for (const message of messages) channel.ack(message);
      return messages.length;
    });
    moved += round;
    const left = await withChannel(model, (channel) => channel.checkQueue(from));
    if (round === 0 && left.messageCount === 0) return moved;
  }
};

/** Deletes the emptied queue and declares it again, dead-lettering through shop.dead-letters. */
const declareAnew = (
  model: ChannelModel,
  queue: ListedQueue,
  bindings: readonly ListedBinding[],
  deadLetterQueues: readonly string[],
) =>
  withChannel(model, async (channel) => {
    await channel.deleteQueue(queue.name);
    await channel.assertQueue(queue.name, {
      durable: queue.durable,
      arguments: { ...queue.arguments, 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE },
    });
    for (const { source, routing_key, arguments: args } of bindings)
      await channel.bindQueue(queue.name, source, routing_key, args);
    await bindToDeadLetterExchange(channel, [queue.name, ...deadLetterQueues]);
  });

/** Unbinds the holding queue of `queue` and moves what it holds back, then deletes it. */
const refill = async (model: ChannelModel, queue: string, bindings: readonly ListedBinding[]) => {
  const holding = `${queue}${HOLDING_SUFFIX}`;
  await withChannel(model, async (channel) => {
    for (const { source, routing_key, arguments: args } of bindings)
      await channel.unbindQueue(holding, source, routing_key, args);
  });
  await moveAll(model, holding, queue, { dropExpiration: false });
  await withChannel(model, (channel) => channel.deleteQueue(holding));
};
