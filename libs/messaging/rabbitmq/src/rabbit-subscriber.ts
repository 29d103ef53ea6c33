import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { batchingProcessor } from './delivery-batch.js';
import { deliverySteps, messageOf } from './delivery-processor.js';
import type { RabbitConnection } from './rabbit-connection.js';
import { retryDelaysInUse, retryPolicyOf, type RetryPolicy } from './retry-policy.js';
import { declareSubscriberTopology } from './subscriber-topology.js';
import type { Subscription, SubscriptionOptions } from './subscription-options.js';

export type { DeliveryInfo, Subscription, SubscriptionOptions } from './subscription-options.js';

/**
 * Consumes `queue` with manual acks, and again after every reconnection. Resolves once consuming
 * (a wrong topology fails here), or at once while the broker is away: it starts on connect.
 * A failing message is retried through `Q.retry.<delay>` queues, then dead-lettered to `Q.dlq`;
 * one that cannot succeed goes there at once (docs/consumers.md).
 */
export const subscribe = async (
  connection: RabbitConnection,
  options: SubscriptionOptions,
): Promise<Subscription> => {
  const subscriber = new RabbitSubscriber(connection, {
    ...connection.subscriptionDefaults,
    ...options,
  });
  await subscriber.start();
  return { close: () => subscriber.close() };
};

const DEFAULT_PREFETCH = 10;
const REOPEN_DELAY_MS = { first: 200, max: 5_000 } as const;

class RabbitSubscriber {
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private opening: Promise<void> | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenDelayMs: number = REOPEN_DELAY_MS.first;
  private closing = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopListening: Array<() => void> = [];
  private readonly policy: RetryPolicy;
  private readonly process: (channel: ConfirmChannel, message: ConsumeMessage) => Promise<void>;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly options: SubscriptionOptions,
  ) {
    this.policy = retryPolicyOf(options); // a wrong policy fails `subscribe`, not a delivery
    if (options.exclusive === true && this.policy.maxAttempts > 1) {
      throw new RangeError(
        'an exclusive queue cannot be retried through retry queues: maxAttempts must be 1',
      );
    }
    const steps = deliverySteps(options, this.policy, (level, fields, message) =>
      this.log(level, fields, message),
    );
    const { inboxBatch, ackBeforeEffect, prefetch = DEFAULT_PREFETCH } = options;
    this.process =
      inboxBatch === undefined || ackBeforeEffect === true
        ? steps.processOne
        : batchingProcessor(steps, inboxBatch, prefetch);
  }

  async start(): Promise<void> {
    if (this.connection.isConnected) await this.consume();
    // Channels die with their connection: each new connection gets a new consumer. Both signals
    // are watched (the model's own 'connect' also covers a first connection still pending);
    // keepConsuming is idempotent, so a doubled signal opens one channel.
    const keepConsuming = () => this.keepConsuming();
    const model = this.connection.channels;
    model.on('connect', keepConsuming);
    this.stopListening.push(() => model.off('connect', keepConsuming));
    this.stopListening.push(this.connection.onConnected(keepConsuming));
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.reopenTimer);
    this.stopListening.forEach((stop) => stop());
    const { channel, consumerTag } = this;
    if (channel !== undefined && consumerTag !== undefined) {
      await channel.cancel(consumerTag).catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const drainTimeout = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.drainTimeoutMs ?? 5_000);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), drainTimeout]);
    clearTimeout(timer);
    this.channel = undefined; // deliveries still unacked return to the queue with the channel
    await channel?.close().catch(() => undefined);
  }

  /** Idempotent: every trigger (connect, channel loss, retry timer) funnels through here. */
  private keepConsuming(): void {
    if (this.closing || this.channel !== undefined || this.opening !== undefined) return;
    this.consume().then(
      () => (this.reopenDelayMs = REOPEN_DELAY_MS.first),
      (error: unknown) => {
        this.log('warn', { reason: messageOf(error) }, 'RabbitMQ subscriber could not consume');
        this.scheduleReopen();
      },
    );
  }

  private scheduleReopen(): void {
    if (this.closing || this.reopenTimer !== undefined) return;
    const delay = this.reopenDelayMs;
    this.reopenDelayMs = Math.min(delay * 2, REOPEN_DELAY_MS.max);
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      this.keepConsuming();
    }, delay);
  }

  private consume(): Promise<void> {
    this.opening ??= this.openChannel().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openChannel(): Promise<void> {
    const { queue, prefetch = DEFAULT_PREFETCH } = this.options;
    const channel = await this.connection.channels.createConfirmChannel();
    // Without an 'error' listener a channel error would crash the process; 'close' follows it.
    channel.on('error', (error: Error) =>
      this.log('warn', { reason: error.message }, 'channel error'),
    );
    channel.on('close', () => this.onChannelClosed(channel));
    try {
      await declareSubscriberTopology(channel, {
        ...this.options,
        retryDelaysMs: retryDelaysInUse(this.policy),
      });
      await channel.prefetch(prefetch);
      // Manual acks (noAck: false): a delivery is settled only once it is handled or dead-lettered.
      const consumer = await channel.consume(queue, (message) => this.onDelivery(channel, message));
      if (this.closing) throw new Error('subscription closed while opening');
      this.channel = channel;
      this.consumerTag = consumer.consumerTag;
      this.log('info', { prefetch }, 'RabbitMQ subscriber consuming');
      this.options.onConsuming?.();
    } catch (error) {
      await channel.close().catch(() => undefined);
      throw error;
    }
  }

  private onChannelClosed(channel: ConfirmChannel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    this.consumerTag = undefined;
    this.log('warn', {}, 'RabbitMQ subscriber channel closed');
    this.scheduleReopen(); // after a connection loss, the reconnection comes first
  }

  private onDelivery(channel: ConfirmChannel, message: ConsumeMessage | null): void {
    // null: the broker cancelled the consumer (e.g. queue deleted); reopening declares it again.
    if (message === null) return void channel.close().catch(() => undefined);
    const work: Promise<void> = this.process(channel, message).then(
      () => void this.inFlight.delete(work),
      (error: unknown) => {
        this.inFlight.delete(work);
        this.log('warn', { reason: messageOf(error) }, 'delivery failed');
      },
    );
    this.inFlight.add(work);
  }

  private log(level: 'info' | 'warn' | 'error', fields: object, message: string): void {
    this.options.logger?.[level]({ queue: this.options.queue, ...fields }, message);
  }
}
