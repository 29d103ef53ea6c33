import { z } from 'zod';
import { MESSAGE_SCHEMAS, isKnownMessageType, type MessageEnvelope } from '@pattern-shop/contracts';

/** A message that can never be handled, however often it is retried: it belongs in the dead letters. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

const envelopeSchema = z.object({
  messageId: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  aggregateId: z.string().min(1),
  data: z.unknown(),
});

/** Decodes a message body into the envelope both brokers carry, or says exactly what is wrong. */
export const parseEnvelope = (body: Uint8Array | string): MessageEnvelope => {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidMessageError(`message body is not JSON: ${reason}`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidMessageError(`message is not an envelope: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
};

/**
 * Checks `data` against the catalogue's schema for the envelope's type and version. An unknown
 * type or version is refused too: a consumer must never guess at a shape it was not built for.
 */
export const validateAgainstCatalogue = (envelope: MessageEnvelope): void => {
  const { type, version } = envelope;
  if (!isKnownMessageType(type)) {
    throw new InvalidMessageError(`unknown message type ${JSON.stringify(type)}`);
  }
  const versions: Readonly<Record<number, z.ZodType>> = MESSAGE_SCHEMAS[type];
  const schema = Object.hasOwn(versions, version) ? versions[version] : undefined;
  if (schema === undefined) {
    throw new InvalidMessageError(`unknown version ${version} of message type ${type}`);
  }
  const checked = schema.safeParse(envelope.data);
  if (!checked.success) {
    throw new InvalidMessageError(
      `${type} v${version} data is invalid: ${z.prettifyError(checked.error)}`,
    );
  }
};
