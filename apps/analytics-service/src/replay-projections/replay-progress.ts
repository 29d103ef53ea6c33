import { type PartitionRange, rangeKey } from './stream-range.js';

export type ReplaySummary = Readonly<{
  events: number;
  total: number;
  applySeconds: number;
  eventsPerSecond: number | null;
}>;

/**
 * What a replay has applied, per partition, against the ends taken at its start. Its rate is
 * computed once, when the replay catches up, so every place that prints it prints one figure.
 */
export class ReplayProgress {
  readonly total: number;
  private readonly next: Map<string, number>;
  private applied = 0;
  private firstAppliedAt: number | undefined;
  private summary: ReplaySummary | undefined;

  constructor(
    private readonly ranges: readonly PartitionRange[],
    private readonly now: () => number = Date.now,
  ) {
    this.total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
    this.next = new Map(ranges.map((r) => [rangeKey(r.topic, r.partition), r.start]));
  }

  /** A committed slice of `records` records, ending before `nextOffset`. */
  recordApplied(topic: string, partition: number, records: number, nextOffset: number): void {
    this.firstAppliedAt ??= this.now();
    this.applied += records;
    const key = rangeKey(topic, partition);
    this.next.set(key, Math.max(this.next.get(key) ?? 0, nextOffset));
  }

  nextOffset(topic: string, partition: number): number {
    return this.next.get(rangeKey(topic, partition)) ?? 0;
  }

  /** Events of the ranges applied so far, 0..total; what the gauge shows. */
  done(): number {
    return this.ranges.reduce(
      (n, r) => n + Math.min(this.nextOffset(r.topic, r.partition), r.end) - r.start,
      0,
    );
  }

  caughtUp(): boolean {
    return this.ranges.every((r) => this.nextOffset(r.topic, r.partition) >= r.end);
  }

  /** The events applied and their rate from the first slice until now; fixed at the first call. */
  finish(): ReplaySummary {
    if (this.summary !== undefined) return this.summary;
    const applySeconds = (this.now() - (this.firstAppliedAt ?? this.now())) / 1000;
    this.summary = {
      events: this.applied,
      total: this.total,
      applySeconds,
      eventsPerSecond: applySeconds > 0 ? Math.round(this.applied / applySeconds) : null,
    };
    return this.summary;
  }
}
