// Each service's own RabbitMQ user (docs/security.md, Broker identities), on the real broker:
// it may declare the topology its app declares, and is refused (ACCESS_REFUSED, the channel
// closed) outside it. The cases are generated from libs/contracts/src/broker-identities.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import {
  BROKER_IDENTITIES,
  type BrokerIdentity,
  DEAD_LETTER_EXCHANGE,
  deadLetterQueueName,
  EXCHANGES,
  QUEUES,
  type QueueUse,
  retryQueueName,
} from '@pattern-shop/contracts';
import { LOCAL_INFRA, provisionBrokerIdentities } from '@pattern-shop/testing';
import { consumedQueueOptions, declareCommandQueues } from './command-queues.js';
import { declareEventExchanges } from './event-exchanges.js';
import { declareSubscriberTopology } from './subscriber-topology.js';

const connections = new Map<string, ChannelModel>();
const connectionOf = (user: string): ChannelModel => {
  const connection = connections.get(user);
  if (connection === undefined) throw new Error(`no connection for ${user}`);
  return connection;
};

beforeAll(async () => {
  await provisionBrokerIdentities();
  for (const { user } of BROKER_IDENTITIES) {
    const connection = await connect(LOCAL_INFRA.rabbitmqUrlOf(user));
    connection.on('error', () => undefined); // a refused operation closes a channel, not this
    connections.set(user, connection);
  }
});

afterAll(async () => {
  for (const connection of connections.values()) await connection.close().catch(() => undefined);
});

/** What `act` does on a fresh channel: 'done', or the broker's reason for closing the channel. */
const outcome = async (
  user: string,
  act: (channel: ConfirmChannel) => Promise<unknown>,
): Promise<string> => {
  const channel = await connectionOf(user).createConfirmChannel();
  const closed = new Promise<string>((resolve) =>
    channel.on('error', (error: Error) => resolve(error.message)),
  );
  const acted = act(channel).then(
    () => 'done',
    (error: unknown) => closed.then((reason) => reason || String(error)),
  );
  const result = await Promise.race([acted, closed]);
  if (result === 'done') await channel.close();
  return result;
};

const queuesOf = ({ consumes, declaresAhead }: BrokerIdentity): string[] =>
  [...consumes, ...declaresAhead].map(({ queue, perInstance }) =>
    perInstance === true ? deadLetterQueueName(queue) : queue,
  );
const ALL_QUEUES = [
  ...new Set(
    BROKER_IDENTITIES.flatMap((identity) =>
      queuesOf(identity).flatMap((queue) =>
        queue.endsWith('.dlq') ? [queue] : [queue, deadLetterQueueName(queue)],
      ),
    ),
  ),
];
/** Queues it reads: those it consumes, and those it declares ahead (a dead-letter route's rule). */
const readable = ({ consumes, declaresAhead }: BrokerIdentity): string[] =>
  [...consumes.filter((use) => use.perInstance !== true), ...declaresAhead].map(
    ({ queue }) => queue,
  );
/** Queues it declares: those it consumes or declares ahead, with their dead-letter queues. */
const declarable = (identity: BrokerIdentity): string[] =>
  queuesOf(identity).flatMap((queue) =>
    queue.endsWith('.dlq') ? [queue] : [queue, deadLetterQueueName(queue)],
  );
const keysOn = (exchange: string): string[] => [
  ...new Set(BROKER_IDENTITIES.flatMap(({ publishes }) => publishes[exchange] ?? [])),
];

/** Other services' queues, as [user, queue] cases. */
const foreignQueues = (own: (identity: BrokerIdentity) => string[]) =>
  BROKER_IDENTITIES.flatMap((identity) =>
    ALL_QUEUES.filter((queue) => !own(identity).includes(queue)).map(
      (queue) => [identity.user, queue] as const,
    ),
  );
/** Routing keys other services publish on each system exchange, as [user, exchange, key]. */
const foreignKeys = BROKER_IDENTITIES.flatMap((identity) =>
  Object.values(EXCHANGES).flatMap((exchange) =>
    keysOn(exchange)
      .filter((key) => !(identity.publishes[exchange] ?? []).includes(key))
      .map((key) => [identity.user, exchange, key] as const),
  ),
);

/** A queue another service consumes, where a forged message would do harm. */
const forgeryTargetOf = (user: string): string =>
  user === 'order-service' ? QUEUES.paymentCommands : QUEUES.orderSagaReplies;

/**
 * Keys on shop.dead-letters it must not send by, as [user, key]: every consumed queue (its own
 * too, which only the broker's retry route may fill) and the dead letters and retries of others.
 */
const foreignCopyKeys = BROKER_IDENTITIES.flatMap((identity) => {
  const own = identity.consumes.filter((use) => use.perInstance !== true).map(({ queue }) => queue);
  const consumedQueues = BROKER_IDENTITIES.flatMap(({ consumes }) =>
    consumes.filter((use) => use.perInstance !== true).map(({ queue }) => queue),
  );
  const copies = consumedQueues
    .filter((queue) => !own.includes(queue))
    .flatMap((queue) => [deadLetterQueueName(queue), retryQueueName(queue, 1_000)]);
  return [...consumedQueues, ...copies].map((key) => [identity.user, key] as const);
});

const publishedTo =
  (exchange: string, key: string, messageId: string = randomUUID()) =>
  (channel: ConfirmChannel) =>
    new Promise<void>((resolve, reject) =>
      channel.publish(exchange, key, Buffer.from('{}'), { messageId }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );

/** Takes the message with this id off the queue (as the operator); others are put back. */
const takeMessage = async (queue: string, messageId: string): Promise<boolean> => {
  const admin = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await admin.createChannel();
    const others = [];
    let found = false;
    for (let message = await channel.get(queue); message !== false;) {
      if (message.properties.messageId === messageId) {
        channel.ack(message);
        found = true;
        break;
      }
      others.push(message);
      message = await channel.get(queue);
    }
    for (const other of others) channel.nack(other, false, true);
    await channel.close();
    return found;
  } finally {
    await admin.close();
  }
};

/** The declarations its app makes at start, with the default retry delays. */
const declareAsTheAppDoes = async (channel: ConfirmChannel, identity: BrokerIdentity) => {
  if (Object.keys(identity.publishes).length > 0) await declareEventExchanges(channel);
  const topologyOf = (use: QueueUse) => ({
    ...use,
    queue: use.perInstance === true ? `${use.queue}.test-${randomUUID().slice(0, 8)}` : use.queue,
    retryDelaysMs: use.retries ? [1_000, 10_000, 60_000] : [],
    exclusive: use.perInstance,
    deadLetterQueue: use.perInstance === true ? deadLetterQueueName(use.queue) : undefined,
  });
  for (const use of identity.consumes) await declareSubscriberTopology(channel, topologyOf(use));
  const ahead = identity.declaresAhead;
  const commands = ahead.filter(({ exchange }) => exchange === EXCHANGES.commands);
  if (commands.length > 0)
    await declareCommandQueues(
      channel,
      commands.map(({ queue }) => queue),
    );
  for (const use of ahead.filter((candidate) => !commands.includes(candidate))) {
    await declareSubscriberTopology(channel, topologyOf(use));
  }
};

describe('broker identities: a RabbitMQ user per service, least privilege', () => {
  it.each(BROKER_IDENTITIES.map((identity) => [identity.user, identity] as const))(
    'given %s, when it declares the topology its app declares at start, then the broker allows it',
    async (user, identity) => {
      expect(await outcome(user, (channel) => declareAsTheAppDoes(channel, identity))).toBe('done');
    },
  );

  it.each(foreignQueues(readable))(
    'given %s, when it consumes %s, then the broker refuses',
    async (user, queue) => {
      expect(await outcome(user, (channel) => channel.consume(queue, () => undefined))).toMatch(
        /ACCESS_REFUSED/,
      );
    },
  );

  it.each(foreignQueues(declarable))(
    'given %s, when it declares %s, then the broker refuses',
    async (user, queue) => {
      const options = queue.endsWith('.dlq') ? { durable: true } : consumedQueueOptions(queue);
      expect(await outcome(user, (channel) => channel.assertQueue(queue, options))).toMatch(
        /ACCESS_REFUSED/,
      );
    },
  );

  it.each(foreignKeys)(
    'given %s, when it publishes to %s with the key %s, then the broker refuses',
    async (user, exchange, key) => {
      expect(await outcome(user, publishedTo(exchange, key))).toMatch(/ACCESS_REFUSED/);
    },
  );

  it.each(BROKER_IDENTITIES.map(({ user }) => [user, forgeryTargetOf(user)] as const))(
    'given %s, when it sends to %s by name through the default exchange, then the broker refuses',
    async (user, queue) => {
      const sent = (channel: ConfirmChannel) =>
        new Promise<void>((resolve, reject) =>
          channel.sendToQueue(queue, Buffer.from('{}'), {}, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      expect(await outcome(user, sent)).toMatch(/ACCESS_REFUSED/);
    },
  );

  it.each(foreignCopyKeys)(
    'given %s, when it sends a copy to %s through shop.dead-letters, then the broker refuses',
    async (user, key) => {
      expect(await outcome(user, publishedTo(DEAD_LETTER_EXCHANGE, key))).toMatch(/ACCESS_REFUSED/);
    },
  );

  it('given email-service, when it sends a copy to its own dead letters through shop.dead-letters, then the copy arrives there', async () => {
    const messageId = randomUUID();
    const queue = deadLetterQueueName(QUEUES.emailOrderEvents);
    expect(
      await outcome('email-service', publishedTo(DEAD_LETTER_EXCHANGE, queue, messageId)),
    ).toBe('done');
    expect(await takeMessage(queue, messageId)).toBe(true);
  });
});
