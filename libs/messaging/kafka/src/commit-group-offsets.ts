import type { Kafka } from 'kafkajs';

export type GroupPosition = Readonly<{ topic: string; partition: number; offset: string }>;

/**
 * Commits where a consumer group nobody is in will start reading, for every topic in one join.
 * kafkajs's `admin.setOffsets` does the same a topic at a time and waits out an empty fetch
 * (`maxWaitTimeInMs`, 5 s) each time: 15 s for three topics, where one join takes milliseconds.
 * Like setOffsets, it is for a group without running members (a new one, or one stopped).
 */
export const commitGroupOffsets = async (
  kafka: Kafka,
  groupId: string,
  positions: readonly GroupPosition[],
  timeoutMs = 30_000,
): Promise<void> => {
  if (positions.length === 0) return;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      timer = setTimeout(
        () => reject(new Error(`no join of group ${groupId} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    await consumer.connect();
    const topics = [...new Set(positions.map((p) => p.topic))];
    await consumer.subscribe({ topics });
    // The run only makes this member the group's; paused once in, it fetches nothing more.
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    consumer.pause(topics.map((topic) => ({ topic })));
    await consumer.commitOffsets([...positions]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
};
