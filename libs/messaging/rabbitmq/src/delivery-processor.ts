import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { deadLetterQueueName, type MessageEnvelope } from '@pattern-shop/contracts';
import { parseEnvelope } from '@pattern-shop/messaging-inbox';
import { MessageSignatureRefused } from '@pattern-shop/messaging-signing';
import {
  annotateActiveSpan,
  inConsumerSpan,
  runWithCorrelationId,
} from '@pattern-shop/observability';
import { deadLetterLine, deliveryFields, messageOf, retryLine, type Seen } from './delivery-log.js';
import {
  originalRouteOf,
  sendToDeadLetters,
  sendToRetry,
  type FailureContext,
} from './dead-letter.js';
import {
  crashedDeliveriesOf,
  failedAttemptsOf,
  jitteredExpirationMs,
  PermanentMessageError,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';
import { subscriberMetrics, waitSecondsOf, type DeliveryOutcome } from './subscriber-metrics.js';
import type { DeliveryInfo, SubscriptionOptions } from './subscription-options.js';

export type Log = (level: 'info' | 'warn' | 'error', fields: object, message: string) => void;

/** Why the message was never handed to `handle`: retrying cannot change its fate. */
class Unhandleable extends Error {}
/** It kept crashing the consumer: parked in `Q.dlq` without running `handle`. */
class CrashLooping extends Unhandleable {}

/** A delivery checked, parsed, validated and upcast: what `handle` receives. */
export type DecodedDelivery = Readonly<{ envelope: MessageEnvelope; delivery: DeliveryInfo }>;

/**
 * The steps of handling one delivery, shared by the one-at-a-time path (`deliveryProcessor`) and
 * the batch path (`delivery-batch.ts`): decode, apply, settle (ack, or retry / dead-letter copy).
 */
export const deliverySteps = (options: SubscriptionOptions, policy: RetryPolicy, log: Log) => {
  const { queue, clock = () => new Date(), random = Math.random } = options;
  const service = options.service ?? queue.split('.')[0] ?? queue;
  const { verifier } = options;
  const metrics =
    options.metrics &&
    subscriberMetrics(options.metrics, queue, { verifiesSignatures: verifier !== undefined });
  const recordOutcome = (outcome: DeliveryOutcome) => {
    metrics?.recordOutcome(outcome);
    annotateActiveSpan({ 'shop.delivery.outcome': outcome });
  };

  const settle = (action: () => void): void => {
    try {
      action();
    } catch (error) {
      // Settling on a channel that died throws; the broker redelivers and the inbox absorbs it.
      log('warn', { reason: messageOf(error) }, 'delivery not settled; it will come again');
    }
  };

  const onFailure = async (
    channel: ConfirmChannel,
    message: ConsumeMessage,
    error: unknown,
    envelope: MessageEnvelope | undefined,
  ) => {
    const attempts = failedAttemptsOf(message.properties.headers) + 1;
    const { deadLetterQueue } = options;
    const context: FailureContext = {
      queue,
      service,
      failedAt: clock(),
      attempts,
      deadLetterQueue,
    };
    const permanent = error instanceof Unhandleable || error instanceof PermanentMessageError;
    // The weak variant `unbounded-retries`: every failure, poison included, goes round again.
    const unbounded = options.unboundedRetries === true && policy.maxAttempts > 1;
    const about = { queue, ...deliveryFields(message, envelope) };
    const deadLettered = error instanceof CrashLooping ? 'parked' : 'dead_lettered';
    try {
      if (!unbounded && (permanent || attempts >= policy.maxAttempts)) {
        const why = await sendToDeadLetters(channel, message, error, context);
        const to = deadLetterQueue ?? deadLetterQueueName(queue);
        log('error', deadLetterLine(about, attempts, to, why), 'message dead-lettered');
        recordOutcome(deadLettered);
      } else {
        // Past maxAttempts only the declared retry queues exist: the last one is used again.
        const delayMs = retryDelayMs(policy, Math.min(attempts, policy.maxAttempts - 1));
        const expirationMs = jitteredExpirationMs(delayMs, random);
        await sendToRetry(channel, message, error, { ...context, delayMs, expirationMs });
        const retry = { attempt: attempts, maxAttempts: policy.maxAttempts, delayMs: expirationMs };
        log('warn', retryLine(about, retry, error), 'message scheduled for retry');
        recordOutcome('retried');
      }
    } catch (publishError) {
      // No confirmed copy: the queue's own dead-letter route takes it (without our headers).
      log('warn', { ...about, reason: messageOf(publishError) }, 'failed message not copied');
      recordOutcome(deadLettered);
      return settle(() => channel.nack(message, false, false));
    }
    settle(() => channel.ack(message));
  };

  /** `seen` keeps the decoded envelope, so a failure's log line can name its order and type. */
  const decode = (message: ConsumeMessage, seen: Seen): DecodedDelivery => {
    const headers = message.properties.headers ?? {};
    const crashes = crashedDeliveriesOf(headers);
    if (crashes >= policy.crashLimit) {
      throw new CrashLooping(`crashed the consumer ${crashes} times`);
    }
    let envelope: MessageEnvelope;
    try {
      // The signature is checked on the raw bytes, before anything reads them.
      const signer = verifier?.verify(message.content, headers);
      envelope = parseEnvelope(message.content);
      seen.envelope = envelope; // its ids, even if its data then fails the schema
      if (signer !== undefined) verifier?.checkProducer(envelope.type, signer);
      // The weak variant `no-schema-check`: the handler gets `data` of a version it may not know.
      if (options.skipSchemaCheck !== true) {
        options.validate?.(envelope);
        // Old contract versions are upcast here, so a handler only ever sees the latest version.
        if (options.decode !== undefined) envelope = options.decode(envelope);
        seen.envelope = envelope;
      }
    } catch (error) {
      if (error instanceof MessageSignatureRefused) metrics?.recordRejected('signature');
      throw Object.assign(new Unhandleable(messageOf(error)), { stack: stackOf(error) });
    }
    const delivery = {
      routingKey: originalRouteOf(message)['x-original-routing-key'],
      headers,
      redelivered: message.fields.redelivered,
    };
    if (metrics !== undefined) {
      const waited = waitSecondsOf(message, envelope.occurredAt, clock());
      if (waited !== undefined) metrics.recordWait(waited);
    }
    return { envelope, delivery };
  };

  const run = ({ envelope, delivery }: DecodedDelivery): Promise<void> =>
    runWithCorrelationId(envelope.correlationId, () => options.handle(envelope, delivery));

  const timed = async (decoded: DecodedDelivery, stopTimer: () => void): Promise<void> => {
    try {
      await run(decoded);
    } finally {
      stopTimer();
    }
  };

  // Without metrics there is no timer to stop: the handler's own promise, no wrapper around it.
  const apply = (decoded: DecodedDelivery): Promise<void> =>
    metrics === undefined ? run(decoded) : timed(decoded, metrics.startHandling());

  const handle = (message: ConsumeMessage, seen: Seen): Promise<void> =>
    apply(decode(message, seen));

  const acknowledge = (channel: ConfirmChannel, message: ConsumeMessage): void => {
    settle(() => channel.ack(message));
    recordOutcome('handled');
  };

  /** One frame for all: the caller knows no other delivery up to the last one is unsettled. */
  const acknowledgeUpTo = (channel: ConfirmChannel, handled: readonly ConsumeMessage[]): void => {
    const last = handled[handled.length - 1];
    if (last === undefined) return;
    settle(() => channel.ack(last, true));
    handled.forEach(() => recordOutcome('handled'));
  };

  // The weak variant `ack-before-effect`: the broker forgets the message before the handler runs,
  // so a handler that fails, or a process that dies meanwhile, loses it: no retry, no dead letter.
  const ackThenHandle = async (channel: ConfirmChannel, message: ConsumeMessage) => {
    settle(() => channel.ack(message));
    recordOutcome('handled');
    const seen: Seen = {};
    try {
      await handle(message, seen);
    } catch (error) {
      const about = { queue, ...deliveryFields(message, seen.envelope) };
      log('warn', { ...about, reason: messageOf(error) }, 'message lost: acked before its effect');
    }
  };

  // One CONSUMER span per delivery, a child of the publish that sent it (the message's
  // `traceparent`); what the handler does (its SQL, the outbox rows it writes) joins the trace.
  const inSpan = <T>(message: ConsumeMessage, work: () => Promise<T>): Promise<T> =>
    inConsumerSpan(
      `${options.queue} process`,
      message.properties.headers,
      {
        'messaging.system': 'rabbitmq',
        'messaging.destination.name': options.queue,
        'messaging.message.id': String(message.properties.messageId ?? ''),
        'messaging.message.type': String(message.properties.type ?? ''),
        'messaging.destination.routing_key': message.fields.routingKey,
        'shop.delivery.failed_attempts': failedAttemptsOf(message.properties.headers),
      },
      work,
    );

  /** The whole path for one delivery, settled before it resolves. */
  const processOne = (channel: ConfirmChannel, message: ConsumeMessage): Promise<void> =>
    inSpan(message, async () => {
      if (options.ackBeforeEffect === true) return ackThenHandle(channel, message);
      const seen: Seen = {};
      try {
        await handle(message, seen);
      } catch (error) {
        return onFailure(channel, message, error, seen.envelope);
      }
      acknowledge(channel, message);
    });

  return { decode, apply, acknowledge, acknowledgeUpTo, onFailure, inSpan, processOne, log };
};

export type DeliverySteps = ReturnType<typeof deliverySteps>;

/**
 * Handles one delivery and settles it: ack after `handle` resolved; on failure a confirmed copy
 * to a retry queue or to `Q.dlq`, then the ack. A message that keeps crashing the consumer
 * (`x-delivery-count` at `crashLimit`) is parked in `Q.dlq` without running `handle`.
 */
export const deliveryProcessor = (options: SubscriptionOptions, policy: RetryPolicy, log: Log) =>
  deliverySteps(options, policy, log).processOne;

export { messageOf };

const stackOf = (error: unknown): string | undefined =>
  error instanceof Error ? error.stack : undefined;
