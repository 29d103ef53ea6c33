import type { Admin } from 'kafkajs';

export type PartitionLag = Readonly<{
  topic: string;
  partition: number;
  highWatermark: number;
  /** The group's committed offset (the next record it will read); the low mark if none yet. */
  committed: number;
  lag: number;
}>;

/**
 * Lag per partition as the broker sees it: high-water mark minus the group's committed offset.
 * Measured from committed offsets, not from what a member has in memory, so it counts everything
 * that a crash right now would re-deliver.
 */
export const fetchConsumerLag = async (
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> => {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const { partition, high, low } of ends) {
      const offset = Number(offsets.find((p) => p.partition === partition)?.offset ?? -1);
      const from = offset < 0 ? Number(low) : offset;
      lags.push({
        topic,
        partition,
        highWatermark: Number(high),
        committed: from,
        lag: Math.max(0, Number(high) - from),
      });
    }
  }
  return lags;
};
