import type { DataSource } from 'typeorm';
import type { BatchControls, KafkaDeadLetters, StreamBatch } from '@pattern-shop/messaging-kafka';
import { deadLetterHeaders } from '@pattern-shop/messaging-inbox';
import type { AnalyticsFact } from '../projections/analytics-facts.js';
import { applyFacts } from '../persistence/projections/projection-store.js';
import { type DecodeMode, decodeRecords } from './decode-records.js';

export type BatchOutcome = Readonly<{
  applied: number;
  duplicates: number;
  ignored: number;
  deadLettered: number;
  /** Order ids whose facts this batch carried (the crash lab looks for one). */
  orderIds: readonly string[];
  /** By offset, the projections each record moves: its span names them (`shop.projections`). */
  projections: ReadonlyMap<number, readonly string[]>;
}>;

export type ApplyStreamBatchDeps = Readonly<{
  dataSource: DataSource;
  /** The schema whose tables this handler writes: the live one, or a replay's fresh one. */
  schema: string;
  /** Where poison goes; a replay passes none (the live consumer dead-lettered it already). */
  deadLetters?: KafkaDeadLetters;
  now: () => Date;
  /** `replay` skips checking the data of types the projections ignore (decode-records.ts). */
  decodeMode?: DecodeMode;
  /** The weak variant `no-inbox` (chaos lab only): every delivered fact counts, again and again. */
  noInbox?: boolean;
}>;

/**
 * Applies one partition's batch: poison to the dead letters first (awaited, acks=all), then every
 * fact and the partition's next offset in one transaction. Resolving is what lets the consumer
 * commit the offset; throwing re-delivers the batch, and the dedupe makes that harmless.
 */
export class ApplyStreamBatchHandler {
  constructor(private readonly deps: ApplyStreamBatchDeps) {}

  async handle(batch: StreamBatch, controls: BatchControls): Promise<BatchOutcome> {
    const { facts, ignored, poison, projections } = decodeRecords(
      batch.records,
      this.deps.decodeMode,
    );
    if (poison.length > 0 && this.deps.deadLetters !== undefined) {
      const failedAt = this.deps.now();
      await this.deps.deadLetters.send(
        poison.map(({ record, error }) => ({
          record,
          reasonHeaders: deadLetterHeaders(error, {
            service: 'analytics-service',
            failedAt,
            attempts: 1,
          }),
        })),
      );
      await controls.heartbeat();
    }
    const last = batch.records.at(-1);
    if (last === undefined)
      return { applied: 0, duplicates: 0, ignored, deadLettered: 0, orderIds: [], projections };
    const position = {
      topic: batch.topic,
      partition: batch.partition,
      nextOffset: last.offset + 1,
    };
    const { applied, duplicates } = await this.deps.dataSource.transaction(async (tx) => {
      if (this.deps.noInbox !== true) return applyFacts(tx, this.deps.schema, facts, [position]);
      let total = { applied: 0, duplicates: 0 };
      for (const round of deliveryRounds(facts)) {
        const outcome = await applyFacts(tx, this.deps.schema, round, [position], { weak: true });
        total = { applied: total.applied + outcome.applied, duplicates: 0 };
      }
      return total;
    });
    return {
      applied,
      duplicates,
      ignored,
      deadLettered: poison.length,
      orderIds: facts.map((fact) => fact.orderId),
      projections,
    };
  }
}

/**
 * The weak form applies a fact each time it was delivered, even twice in one batch; one SQL upsert
 * cannot touch a row twice, so the n-th copies of each fact go in round n.
 */
const deliveryRounds = (facts: readonly AnalyticsFact[]): AnalyticsFact[][] => {
  const rounds: AnalyticsFact[][] = [];
  const seen = new Map<string, number>();
  for (const fact of facts) {
    const key = `${fact.kind}:${fact.kind === 'refunded' ? fact.paymentId : fact.orderId}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(fact);
  }
  return rounds;
};
