import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { inInboxBatch, outsideInboxBatch } from '@pattern-shop/messaging-inbox';
import { messageOf, type Seen } from './delivery-log.js';
import type { DecodedDelivery, DeliverySteps } from './delivery-processor.js';

/** How deliveries are grouped into one inbox transaction (docs/consumers.md, "Batches"). */
export type InboxBatchSettings = Readonly<{
  /** Most deliveries in one transaction. Default: half the prefetch, so the next batch arrives meanwhile. */
  maxMessages?: number;
  /** How long a lone delivery waits for others when nothing is running. Default 0: no wait. */
  maxWaitMs?: number;
}>;

type Waiting = Readonly<{ channel: ConfirmChannel; message: ConsumeMessage; done: () => void }>;

/** The batch size actually used: at least 1, at most the prefetch (no more can be in flight). */
export const batchSizeOf = (settings: InboxBatchSettings, prefetch: number): number => {
  const size = settings.maxMessages ?? Math.floor(prefetch / 2);
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`inboxBatch.maxMessages must be a whole number, got ${size}`);
  }
  return Math.max(1, Math.min(size, prefetch));
};

/**
 * Handles deliveries in batches: every handler of a batch runs, in delivery order, inside one
 * inbox transaction (`inInboxBatch`), committed once, then acked (one frame when no other
 * unsettled delivery lies below the batch's last).
 * If anything in the batch throws, all of it is rolled back and each delivery takes the
 * one-at-a-time path, so retries and dead letters stay per message. A delivery that fails to
 * decode never joins a batch: it is dead-lettered on its own.
 */
export const batchingProcessor = (
  steps: DeliverySteps,
  settings: InboxBatchSettings,
  prefetch: number,
) => {
  const size = batchSizeOf(settings, prefetch);
  const maxWaitMs = settings.maxWaitMs ?? 0;
  const waiting: Waiting[] = [];
  // Delivery tags received and not yet settled, per channel: a multiple ack must cover no other.
  const unsettled = new Map<ConfirmChannel, Set<number>>();

  const hold = (channel: ConfirmChannel, tag: number) => {
    const tags = unsettled.get(channel) ?? new Set<number>();
    unsettled.set(channel, tags.add(tag));
  };
  const release = (channel: ConfirmChannel, tag: number) => {
    const tags = unsettled.get(channel);
    tags?.delete(tag);
    if (tags?.size === 0) unsettled.delete(channel);
  };

  /** Acks the batch with one frame when every unsettled delivery up to its last is in it. */
  const acknowledge = (channel: ConfirmChannel, messages: readonly ConsumeMessage[]) => {
    const tags = new Set(messages.map((message) => message.fields.deliveryTag));
    const last = Math.max(...tags);
    const alone = [...(unsettled.get(channel) ?? [])].every((tag) => tag > last || tags.has(tag));
    const ordered = [...messages].sort((a, b) => a.fields.deliveryTag - b.fields.deliveryTag);
    if (alone) steps.acknowledgeUpTo(channel, ordered);
    else messages.forEach((message) => steps.acknowledge(channel, message));
  };
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    if (waiting.length >= size) return void flush();
    timer ??= setTimeout(flush, maxWaitMs);
  };

  // Batches run side by side, as single deliveries do (prefetch bounds them all); within a batch
  // the handlers run one after another in delivery order.
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (waiting.length > 0) {
      // One channel per batch: acks belong to the channel that delivered.
      const channel = waiting[0]?.channel;
      const end = waiting.findIndex((entry, index) => index >= size || entry.channel !== channel);
      const batch = waiting.splice(0, end === -1 ? waiting.length : end);
      void runBatch(batch).finally(() =>
        batch.forEach((entry) => {
          release(entry.channel, entry.message.fields.deliveryTag);
          entry.done();
        }),
      );
    }
  };

  const runBatch = async (batch: readonly Waiting[]): Promise<void> => {
    const decoded: Array<Waiting & DecodedDelivery> = [];
    const undecodable: Array<Promise<void>> = [];
    for (const entry of batch) {
      const seen: Seen = {};
      try {
        decoded.push({ ...entry, ...steps.decode(entry.message, seen) });
      } catch (error) {
        const { channel, message } = entry;
        const failed = steps.inSpan(message, () =>
          steps.onFailure(channel, message, error, seen.envelope),
        );
        undecodable.push(failed.finally(() => release(channel, message.fields.deliveryTag)));
      }
    }
    try {
      const messageIds = decoded.map(({ envelope }) => envelope.messageId);
      await inInboxBatch(async () => {
        for (const entry of decoded) await steps.inSpan(entry.message, () => steps.apply(entry));
      }, messageIds);
    } catch (error) {
      const [lone] = decoded;
      if (decoded.length === 1 && lone !== undefined) {
        // Alone in its batch, its failure is its own: settled as the one-at-a-time path would.
        const failed = steps.onFailure(lone.channel, lone.message, error, lone.envelope);
        return void (await Promise.all([failed, ...undecodable]));
      }
      const fields = { size: decoded.length, reason: messageOf(error) };
      steps.log('warn', fields, 'inbox batch rolled back; handling its messages one by one');
      for (const { channel, message } of decoded) {
        await outsideInboxBatch(() => steps.processOne(channel, message));
      }
      await Promise.all(undecodable);
      return;
    }
    await Promise.all(undecodable);
    const [first] = decoded;
    if (first !== undefined)
      acknowledge(
        first.channel,
        decoded.map(({ message }) => message),
      );
  };

  return (channel: ConfirmChannel, message: ConsumeMessage): Promise<void> =>
    new Promise<void>((done) => {
      waiting.push({ channel, message, done });
      hold(channel, message.fields.deliveryTag);
      schedule();
    });
};
