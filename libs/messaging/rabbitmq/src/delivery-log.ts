import type { ConsumeMessage } from 'amqplib';
import type { MessageEnvelope } from '@pattern-shop/contracts';

/** What the processor learnt of a delivery before it failed: nothing when it would not decode. */
export type Seen = { envelope?: MessageEnvelope };

export type DeliveryFields = Readonly<{
  messageId: string | undefined;
  type: string | undefined;
  correlationId: string | undefined;
  orderId?: string;
}>;

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The ids a learner greps for. A failure is logged outside the handler's correlation scope, so
 * the ids come from the envelope, or from the headers of one that would not decode.
 */
export const deliveryFields = (
  message: ConsumeMessage,
  envelope: MessageEnvelope | undefined,
): DeliveryFields => {
  const { headers = {}, messageId, type, correlationId } = message.properties;
  const orderId = text((envelope?.data as Record<string, unknown> | undefined)?.['orderId']);
  return {
    messageId: envelope?.messageId ?? text(messageId) ?? text(headers['message-id']),
    type: envelope?.type ?? text(type) ?? text(headers['type']),
    correlationId:
      envelope?.correlationId ?? text(headers['correlation-id']) ?? text(correlationId),
    ...(orderId === undefined ? {} : { orderId }),
  };
};

export type RetryScheduled = Readonly<{ attempt: number; maxAttempts: number; delayMs: number }>;

/** One warn line per retry: which attempt failed, of how many, and how long until the next. */
export const retryLine = (about: DeliveryFields, retry: RetryScheduled, error: unknown) => ({
  ...about,
  ...retry,
  error: messageOf(error),
});

/** One error line per dead letter: where it went and the reason its headers carry. */
export const deadLetterLine = (
  about: DeliveryFields,
  attempts: number,
  deadLetterQueue: string,
  why: Record<string, string>,
) => ({ ...about, attempts, deadLetterQueue, reason: why['x-error-reason'] });
