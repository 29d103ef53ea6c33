import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { DEAD_LETTER_EXCHANGE, deadLetterQueueName, retryQueueName } from '@pattern-shop/contracts';
import { deadLetterHeaders } from '@pattern-shop/messaging-inbox';

export type FailureContext = Readonly<{
  /** The consumed queue `Q`. */
  queue: string;
  service: string;
  failedAt: Date;
  /** Handlings of the message so far, this one included. */
  attempts: number;
  /** Default `<queue>.dlq`. */
  deadLetterQueue?: string | undefined;
}>;

/** Broker bookkeeping that must not travel with a copy: the broker sets it afresh. */
const BROKER_HEADERS = [
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-delivery-count',
];

/**
 * Where the message first came from: a retry arrives from `shop.dead-letters` with `Q` as its
 * routing key, so the original route travels in headers set at the first failure.
 */
export const originalRouteOf = (message: ConsumeMessage) => {
  const headers = message.properties.headers ?? {};
  const kept = (name: string, fallback: string): string =>
    typeof headers[name] === 'string' ? headers[name] : fallback;
  return {
    'x-original-exchange': kept('x-original-exchange', message.fields.exchange),
    'x-original-routing-key': kept('x-original-routing-key', message.fields.routingKey),
  };
};

/** Copies the message to `Q.dlq` with why it failed; resolves once the broker confirmed it. */
export const sendToDeadLetters = async (
  channel: ConfirmChannel,
  message: ConsumeMessage,
  error: unknown,
  { queue, service, failedAt, attempts, deadLetterQueue }: FailureContext,
): Promise<Record<string, string>> => {
  const why = deadLetterHeaders(error, {
    service,
    failedAt,
    attempts,
    firstFailedAt: message.properties.headers?.['x-first-failed-at'],
  });
  const headers = { ...why, 'x-original-queue': queue, ...originalRouteOf(message) };
  await sendConfirmed(channel, deadLetterQueue ?? deadLetterQueueName(queue), message, headers);
  return why;
};

/**
 * Copies the message to `Q.retry.<delayMs>`, which returns it to `Q` after about `delayMs`
 * (`expirationMs`, the jittered wait); resolves once the broker confirmed the copy.
 */
export const sendToRetry = async (
  channel: ConfirmChannel,
  message: ConsumeMessage,
  error: unknown,
  retry: FailureContext & { delayMs: number; expirationMs: number },
): Promise<void> => {
  const firstFailedAt = message.properties.headers?.['x-first-failed-at'];
  const headers = {
    'x-attempts': String(retry.attempts),
    'x-first-failed-at':
      typeof firstFailedAt === 'string' ? firstFailedAt : retry.failedAt.toISOString(),
    'x-last-error': deadLetterHeaders(error, { ...retry, firstFailedAt })['x-error-reason'] ?? '',
    ...originalRouteOf(message),
  };
  await sendConfirmed(channel, retryQueueName(retry.queue, retry.delayMs), message, headers, {
    expiration: String(retry.expirationMs),
  });
};

const sendConfirmed = (
  channel: ConfirmChannel,
  target: string,
  message: ConsumeMessage,
  extraHeaders: Record<string, string>,
  extraOptions: Options.Publish = {},
): Promise<void> => {
  const {
    headers: originalHeaders = {},
    contentType,
    messageId,
    correlationId,
    type,
  } = message.properties;
  const headers: Record<string, unknown> = { ...originalHeaders, ...extraHeaders };
  for (const name of BROKER_HEADERS) delete headers[name];
  const options = { contentType, messageId, correlationId, type, headers, persistent: true };
  return new Promise<void>((resolve, reject) =>
    channel.publish(
      DEAD_LETTER_EXCHANGE,
      target,
      message.content,
      { ...options, ...extraOptions },
      (refused) =>
        refused ? reject(new Error(`broker refused the copy to ${target}`)) : resolve(),
    ),
  );
};
