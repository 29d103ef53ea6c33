/**
 * The envelope every message travels in, the same on RabbitMQ and Kafka (DESIGN.md).
 * Messages are plain typed data: a handler never needs a class to read one.
 */
export type MessageEnvelope<TType extends string = string, TData = unknown> = Readonly<{
  /** Unique per message; the inbox deduplicates on it. */
  messageId: string;
  /** A past-tense fact for events (`OrderPlaced`), an imperative for commands (`ChargePayment`). */
  type: TType;
  /** Schema version of `data` for this `type`. */
  version: number;
  /** ISO-8601 instant at which the fact happened or the command was issued. */
  occurredAt: string;
  /** The id of the HTTP request that started the whole flow. */
  correlationId: string;
  /** The message id (or request id) that directly caused this one. */
  causationId: string;
  /** The aggregate the message is about, e.g. the order id; also the Kafka key. */
  aggregateId: string;
  data: TData;
}>;

/** Header names carried beside the body on both brokers. */
export const MESSAGE_HEADERS = {
  messageId: 'message-id',
  type: 'type',
  version: 'version',
  correlationId: 'correlation-id',
  traceparent: 'traceparent',
  /**
   * Optional, on the saga's forward commands: the ISO-8601 instant (order-service's database
   * time) at which the saga gives up on the step; a command without it never expires.
   */
  expiresAt: 'expires-at',
} as const;

/** The HTTP header a caller uses to pass its correlation id. */
export const CORRELATION_ID_HTTP_HEADER = 'x-correlation-id';

/** Builds an envelope; ids and time come from the caller (no hidden clock or random source). */
export const createEnvelope = <TType extends string, TData>(fields: {
  messageId: string;
  type: TType;
  version: number;
  occurredAt: Date;
  correlationId: string;
  causationId: string;
  aggregateId: string;
  data: TData;
}): MessageEnvelope<TType, TData> => ({ ...fields, occurredAt: fields.occurredAt.toISOString() });
