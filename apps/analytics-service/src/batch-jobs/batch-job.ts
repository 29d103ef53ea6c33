import type { Period } from '@pattern-shop/contracts';
import type { Sql } from '../persistence/sql.js';

/** The nightly jobs of pattern 7; the names are the `batch_job` label of their metrics. */
export const BATCH_JOBS = ['reconciliation', 'sales-report'] as const;
export type BatchJobName = (typeof BATCH_JOBS)[number];

export type RunTrigger = 'schedule' | 'command-line';

/** What a job reports as it goes: a stage and how many rows it has read there. */
export type ProgressReport = (stage: string, rows: number) => void;

/**
 * What a job found. `save` writes its results inside the transaction that records the run as
 * succeeded, so a run's record and its results can never disagree, and a re-run of the same
 * period replaces what the run before it wrote.
 */
export type JobOutcome = Readonly<{
  rowsChecked: number;
  /** Orders the Kafka stream saw placed in the period: the independent check that rows came in. */
  rowsExpected: number;
  mismatches: number;
  inFlightOrders: readonly string[];
  save: (tx: Sql, runId: string) => Promise<void>;
}>;

/** One job: reads what it needs for the period and says what it found. No side effects. */
export type BatchJob = Readonly<{
  name: BatchJobName;
  run: (period: Period, progress: ProgressReport) => Promise<JobOutcome>;
}>;
