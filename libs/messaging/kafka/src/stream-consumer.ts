/**
 * The consumer port: what a service needs from a Kafka client to read a stream in batches and
 * commit only what it has durably applied. kafkajs is the default adapter
 * (kafka-stream-consumer.ts); another KafkaJS-compatible client fits behind the same shape.
 */

/**
 * One record as the handler sees it: plain data, no client types. The kafkajs adapter decodes
 * `key` and `headers` on first read, so read them by name: a spread of the record copies neither.
 */
export type StreamRecord = Readonly<{
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit; a JS number is exact up to 2^53, far beyond any real topic. */
  offset: number;
  key: string | null;
  value: Buffer | null;
  headers: Readonly<Record<string, string>>;
  /** Broker timestamp (create time) in epoch milliseconds. */
  timestamp: number;
}>;

/** Consecutive records of one partition, in offset order. */
export type StreamBatch = Readonly<{
  topic: string;
  partition: number;
  records: readonly StreamRecord[];
  /** The partition's high-water mark when fetched: the offset the next new record gets. */
  highWatermark: number;
}>;

export type BatchControls = Readonly<{
  /** Keeps the group membership alive during long work; cheap, call it between steps. */
  heartbeat: () => Promise<void>;
  /** True once a rebalance took the partition away: stop, the new owner redoes the batch. */
  isStale: () => boolean;
}>;

/** Span attributes for some records of a batch, by offset: what the handler did with each. */
export type RecordAttributes = ReadonlyMap<number, Readonly<Record<string, string>>>;

/**
 * Applies one batch durably (e.g. one database transaction), then resolves, optionally with
 * attributes for the records' spans. The consumer commits the offset after the batch only once
 * this resolved; a rejection re-delivers the whole batch.
 */
export type StreamBatchHandler = (
  batch: StreamBatch,
  controls: BatchControls,
) => Promise<void | RecordAttributes>;

export type PartitionAssignment = Readonly<Record<string, readonly number[]>>;

export type StreamConsumer = Readonly<{
  start: (handler: StreamBatchHandler) => Promise<void>;
  /** The partitions this member owns right now, by topic. */
  assignment: () => PartitionAssignment;
  stop: () => Promise<void>;
}>;

export type StreamConsumerOptions = Readonly<{
  groupId: string;
  topics: readonly string[];
  /** Where a group without committed offsets starts: everything (true) or only new records. */
  fromBeginning?: boolean;
  /** No heartbeat for this long and the broker gives the member's partitions to another one. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long a rebalance waits for members to finish their batches and rejoin. */
  rebalanceTimeoutMs?: number;
  /** Batches of different partitions applied at the same time. */
  partitionsConsumedConcurrently?: number;
  /** Upper bound of one partition's batch, in bytes; bigger batches mean fewer transactions. */
  maxBytesPerPartition?: number;
  maxBytes?: number;
  /** How long the broker holds a fetch open when nothing is new; a stop waits for it. */
  maxWaitMs?: number;
  /**
   * One consumer span per record, continuing its message's trace (default true). A replay turns
   * it off: re-reading history is no step of those journeys, and a span per record is its cost.
   */
  traceRecords?: boolean;
}>;
