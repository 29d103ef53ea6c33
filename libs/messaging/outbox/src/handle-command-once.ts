import type { DataSource, EntityManager } from 'typeorm';
import {
  type MessageEnvelope,
  type MessageType,
  newEnvelope,
  type Published,
  type PublishedData,
} from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import {
  appendToOutbox,
  commandTo,
  type OutboxMessage,
  publishedEverywhere,
} from './outbox-message.js';

/** What a command handler needs besides its own ports: time and ids come in, so tests fix them. */
export type CommandDeps = Readonly<{
  dataSource: DataSource;
  now: () => Date;
  newId: () => string;
}>;

/** The consumer's name in processed_messages, and the queue its answers go to. */
export type CommandChannel = Readonly<{ consumer: string; replyQueue: string }>;

/** What a reply needs besides its data: the command it answers, and its own id, time and trace. */
export type ReplyContext = Readonly<{
  command: MessageEnvelope;
  messageId: string;
  now: Date;
  traceparent?: string | undefined;
}>;

/** Where a reply that is also a fact goes for everyone: `shop.events` and a Kafka topic. */
export type FactRoute = Readonly<{ routingKey: string; topic: string }>;

/**
 * The answer to a command. `fact` names where the reply is published as a fact, and whether this
 * handling made it happen (`firstTime`) or found it recorded by an earlier command.
 */
export type CommandAnswer = Readonly<{
  reply: MessageEnvelope;
  fact?: FactRoute & Readonly<{ firstTime: boolean }>;
}>;

/** What a command came to, and its answer when the saga waits for one. */
export type CommandResult<Outcome extends string> = Readonly<{
  outcome: Outcome;
  answer?: CommandAnswer;
}>;

/** A reply to `context.command`: same correlation and aggregate, caused by the command. */
export const replyEnvelope = <T extends MessageType>(
  type: T,
  data: PublishedData<T>,
  { command, messageId, now }: ReplyContext,
): Published<T> =>
  newEnvelope(type, {
    messageId,
    occurredAt: now,
    correlationId: command.correlationId,
    causationId: command.messageId,
    aggregateId: command.aggregateId,
    data,
  });

/**
 * The rule for a command whose business operation was handled before (the saga re-sent it under
 * a new message id): the saga is answered again from the recorded outcome, because it may be
 * waiting for exactly that reply; the fact is not published again, because it went out once with
 * the first handling and a stream consumer would count a second one as a second operation.
 */
export const answerMessages = (
  { reply, fact }: CommandAnswer,
  replyQueue: string,
  traceparent?: string,
): OutboxMessage[] => [
  commandTo(replyQueue, reply, { traceparent }),
  ...(fact?.firstTime === true
    ? publishedEverywhere(reply, { routingKey: fact.routingKey, topic: fact.topic, traceparent })
    : []),
];

/**
 * Runs `effect` once per command message id, in the inbox's transaction, and appends its answer
 * to the outbox in that same transaction (see `answerMessages` for a repeated operation). A
 * redelivered message runs nothing and answers nothing: `duplicate-message`.
 */
export const handleCommandOnce = async <Outcome extends string>(
  deps: CommandDeps,
  channel: CommandChannel,
  command: MessageEnvelope,
  traceparent: string | undefined,
  effect: (tx: EntityManager, context: ReplyContext) => Promise<CommandResult<Outcome>>,
): Promise<Outcome | 'duplicate-message'> => {
  let outcome: Outcome | 'duplicate-message' = 'duplicate-message';
  await handleOnce(deps.dataSource, channel.consumer, command.messageId, async (tx) => {
    const context = { command, messageId: deps.newId(), now: deps.now(), traceparent };
    const result = await effect(tx, context);
    if (result.answer !== undefined) {
      await appendToOutbox(tx, answerMessages(result.answer, channel.replyQueue, traceparent));
    }
    outcome = result.outcome;
  });
  return outcome;
};
