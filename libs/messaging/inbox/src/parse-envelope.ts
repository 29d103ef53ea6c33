import { z } from 'zod';
import {
  isKnownMessageType,
  type MessageEnvelope,
  schemaOf,
  upcast,
} from '@pattern-shop/contracts';

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
  // A Buffer (what amqplib and kafkajs hand over) is read in place; `Buffer.from` would copy it.
  const text =
    typeof body === 'string'
      ? body
      : (Buffer.isBuffer(body) ? body : Buffer.from(body)).toString('utf8');
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
 * Checks `data` against the catalogue's schema for the envelope's own type and version, then
 * upcasts it to the latest version and checks that too (a faulty upcaster is caught here, not in
 * a handler). An unknown type or version is refused: a consumer must never guess at a shape it
 * was not built for. Handlers receive the parsed data of the latest version only.
 */
export const decodeMessage = (envelope: MessageEnvelope): MessageEnvelope => {
  const { type, version } = envelope;
  if (!isKnownMessageType(type)) {
    throw new InvalidMessageError(`unknown message type ${JSON.stringify(type)}`);
  }
  const schema = schemaOf(type, version);
  if (schema === undefined) {
    throw new InvalidMessageError(`unknown version ${version} of message type ${type}`);
  }
  const data = checkData(schema, envelope.data, `${type} v${version} data is invalid`);
  const latest = upcast({ ...envelope, data });
  if (latest.version === version) return latest;
  const latestSchema = schemaOf(type, latest.version);
  if (latestSchema === undefined) throw new Error(`${type} has no schema for v${latest.version}`);
  const upcastData = checkData(
    latestSchema,
    latest.data,
    `${type} v${version} upcast to v${latest.version} is invalid`,
  );
  return { ...latest, data: upcastData };
};

/** The check a subscriber runs before handling; throws `InvalidMessageError` on a poison message. */
export const validateAgainstCatalogue = (envelope: MessageEnvelope): void => {
  decodeMessage(envelope);
};

const checkData = (schema: z.ZodType, data: unknown, problem: string): unknown => {
  const checked = schema.safeParse(data);
  if (!checked.success) {
    throw new InvalidMessageError(`${problem}: ${z.prettifyError(checked.error)}`);
  }
  return checked.data;
};
