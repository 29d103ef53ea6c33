import type { z } from 'zod';
import { createEnvelope, type MessageEnvelope } from '../envelope.js';
import { MESSAGE_SCHEMAS, type MessageType, PUBLISHED_VERSIONS } from './catalogue.js';

type Schemas = typeof MESSAGE_SCHEMAS;
type PublishedSchema<T extends MessageType> = Schemas[T][(typeof PUBLISHED_VERSIONS)[T] &
  keyof Schemas[T]];

/** The `data` of a type at the version producers publish; distributes over a union of types. */
export type PublishedData<T extends MessageType> = T extends MessageType
  ? z.output<PublishedSchema<T>>
  : never;

/** An envelope as a producer publishes it today, e.g. `Published<'OrderConfirmed'>`. */
export type Published<T extends MessageType> = MessageEnvelope<T, PublishedData<T>>;

/** What an envelope needs besides what its contract decides (type, version, shape of data). */
export type EnvelopeFields<T extends MessageType> = Readonly<{
  messageId: string;
  occurredAt: Date;
  correlationId: string;
  causationId: string;
  aggregateId: string;
  data: PublishedData<T>;
}>;

/**
 * Builds an envelope of the type chosen at run time (e.g. a saga command's type); the version
 * and the shape of `data` come from the catalogue. Ids and time come from the caller.
 */
export const newEnvelope = <T extends MessageType>(
  type: T,
  fields: EnvelopeFields<T>,
): Published<T> =>
  createEnvelope({
    messageId: fields.messageId,
    type,
    version: PUBLISHED_VERSIONS[type],
    occurredAt: fields.occurredAt,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
    aggregateId: fields.aggregateId,
    data: fields.data,
  });

export type EnvelopeConstructor<T extends MessageType> = (
  fields: EnvelopeFields<T>,
) => Published<T>;

/**
 * One constructor per contract: `envelopes.OrderConfirmed({ ... })`. Built from the catalogue's
 * keys, so no contract lacks one; the cast says what TypeScript cannot follow through a map.
 */
export const envelopes = Object.fromEntries(
  (Object.keys(MESSAGE_SCHEMAS) as MessageType[]).map((type) => [
    type,
    (fields: EnvelopeFields<typeof type>) => newEnvelope(type, fields),
  ]),
) as { readonly [T in MessageType]: EnvelopeConstructor<T> };
