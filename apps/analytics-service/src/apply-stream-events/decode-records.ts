import type { StreamRecord } from '@pattern-shop/messaging-kafka';
import { isKnownMessageType } from '@pattern-shop/contracts';
import { decodeMessage, parseEnvelope } from '@pattern-shop/messaging-inbox';
import {
  type AnalyticsFact,
  factOf,
  PROJECTED_TYPES,
  PROJECTIONS_OF,
} from '../projections/analytics-facts.js';

export type PoisonRecord = Readonly<{ record: StreamRecord; error: Error }>;

export type DecodedRecords = Readonly<{
  facts: AnalyticsFact[];
  /** Valid events of types the projections do not use. */
  ignored: number;
  /** Records no retry can ever apply: not JSON, not an envelope, unknown type or version, bad data. */
  poison: PoisonRecord[];
  /** By offset, the projections each record that is not poison moves (none for ignored types). */
  projections: Map<number, readonly string[]>;
}>;

/**
 * `live` checks every record, so poison of any type reaches the dead letters. `replay` counts a
 * record of a known type the projections do not use as ignored without checking its data: the
 * live consumer dead-lettered it already if it was poison, and either way it changes nothing here.
 */
export type DecodeMode = 'live' | 'replay';

/**
 * Parses, validates and upcasts each record (old versions become the latest, e.g. OrderPlaced
 * v1 -> v2), and sorts the batch into facts, ignored events and poison. Pure: no I/O.
 */
export const decodeRecords = (
  records: readonly StreamRecord[],
  mode: DecodeMode = 'live',
): DecodedRecords => {
  const facts: AnalyticsFact[] = [];
  const poison: PoisonRecord[] = [];
  const projections = new Map<number, readonly string[]>();
  let ignored = 0;
  for (const record of records) {
    try {
      if (record.value === null) throw new TypeError('record has no value (a tombstone)');
      const text = record.value.toString('utf8');
      if (mode === 'replay' && projectsNothing(text)) {
        projections.set(record.offset, []);
        ignored += 1;
        continue;
      }
      const fact = factOf(decodeMessage(parseEnvelope(text)));
      projections.set(record.offset, fact === undefined ? [] : PROJECTIONS_OF[fact.kind]);
      if (fact === undefined) ignored += 1;
      else facts.push(fact);
    } catch (error) {
      poison.push({ record, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return { facts, ignored, poison, projections };
};

// Only a hint of the type, to parse each record once: the parsed body always decides.
const LEADING_TYPE = /^\{"messageId":"[^"\\]*","type":"([A-Za-z]+)"/;

/** A JSON object whose type is a known one the projections do not use; false for anything else. */
const projectsNothing = (text: string): boolean => {
  const hint = LEADING_TYPE.exec(text)?.[1];
  if (hint === undefined || !ignoredType(hint)) return false;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false; // the full path says why it is poison
  }
  const type = (json as { type?: unknown } | null)?.type;
  return typeof type === 'string' && ignoredType(type);
};

const ignoredType = (type: string): boolean =>
  isKnownMessageType(type) && !PROJECTED_TYPES.has(type);
