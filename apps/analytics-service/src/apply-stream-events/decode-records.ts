import type { StreamRecord } from '@pattern-shop/messaging-kafka';
import { decodeMessage, parseEnvelope } from '@pattern-shop/messaging-inbox';
import { type AnalyticsFact, factOf } from '../projections/analytics-facts.js';

export type PoisonRecord = Readonly<{ record: StreamRecord; error: Error }>;

export type DecodedRecords = Readonly<{
  facts: AnalyticsFact[];
  /** Valid events of types the projections do not use. */
  ignored: number;
  /** Records no retry can ever apply: not JSON, not an envelope, unknown type or version, bad data. */
  poison: PoisonRecord[];
}>;

/**
 * Parses, validates and upcasts each record (old versions become the latest, e.g. OrderPlaced
 * v1 -> v2), and sorts the batch into facts, ignored events and poison. Pure: no I/O.
 */
export const decodeRecords = (records: readonly StreamRecord[]): DecodedRecords => {
  const facts: AnalyticsFact[] = [];
  const poison: PoisonRecord[] = [];
  let ignored = 0;
  for (const record of records) {
    try {
      if (record.value === null) throw new TypeError('record has no value (a tombstone)');
      const fact = factOf(decodeMessage(parseEnvelope(record.value)));
      if (fact === undefined) ignored += 1;
      else facts.push(fact);
    } catch (error) {
      poison.push({ record, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return { facts, ignored, poison };
};
