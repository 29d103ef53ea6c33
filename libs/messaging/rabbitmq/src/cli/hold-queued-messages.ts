import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';

/** A consumer's prefetch is a 16-bit count. */
export const MAX_HELD_MESSAGES = 65_535;
/** How long to wait for the next delivery before settling for what arrived. */
const IDLE_MS = 2_000;
/** How long to wait for messages given back to be counted in their queue again. */
const COUNTED_WAIT_MS = 5_000;

/**
 * Reads up to the `queue`'s depth at the start (at most `MAX_HELD_MESSAGES`) and holds every one
 * unacknowledged on `channel`: the caller acks the ones it moved, and closing the channel returns
 * the rest untouched. A consumer whose prefetch is that depth, not a `basic.get` loop, which a
 * quorum queue answers in tens of milliseconds each (600 dead letters took 30 s); the prefetch
 * also stops the copies a caller publishes back to the same queue from being read again. If
 * another consumer takes some meanwhile, it settles for what arrived once nothing more does.
 */
export const holdQueuedMessages = async (
  channel: Channel,
  queue: string,
): Promise<ConsumeMessage[]> => {
  const depth = Math.min((await channel.checkQueue(queue)).messageCount, MAX_HELD_MESSAGES);
  const held: ConsumeMessage[] = [];
  if (depth === 0) return held;
  await channel.prefetch(depth);
  let consumerTag: string | undefined;
  await new Promise<void>((resolve, reject) => {
    let idle = setTimeout(resolve, IDLE_MS);
    channel
      .consume(queue, (delivery) => {
        clearTimeout(idle);
        if (delivery === null) return resolve(); // the queue was deleted
        held.push(delivery);
        if (held.length >= depth) resolve();
        else idle = setTimeout(resolve, IDLE_MS);
      })
      .then((ok) => (consumerTag = ok.consumerTag), reject);
  });
  // Cancelling leaves the held deliveries unacknowledged on the channel, where the caller wants them.
  if (consumerTag !== undefined) await channel.cancel(consumerTag);
  return held;
};

/**
 * Waits (at most a few seconds) until `queue` counts at least `count` ready messages: right after
 * a channel holding messages closed, a quorum queue may still count none of them, and a reader
 * that goes by the depth, as `holdQueuedMessages` does, would then miss them.
 */
export const waitUntilCounted = async (
  model: ChannelModel,
  queue: string,
  count: number,
): Promise<void> => {
  const channel = await model.createChannel();
  channel.on('error', () => undefined); // a deleted queue ends the wait through the rejection
  try {
    const deadline = Date.now() + COUNTED_WAIT_MS;
    while ((await channel.checkQueue(queue)).messageCount < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch {
    // The queue is gone: nothing to wait for.
  } finally {
    await channel.close().catch(() => undefined);
  }
};
