import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { deadLetterQueueName, type MessageEnvelope } from '@pattern-shop/contracts';
import { deadLetterHeaders, parseEnvelope } from '@pattern-shop/messaging-inbox';
import { runWithCorrelationId } from '@pattern-shop/observability';
import type { ConnectionLogSink, RabbitConnection } from './rabbit-connection.js';

export type DeliveryInfo = Readonly<{
  routingKey: string;
  headers: Record<string, unknown>;
  redelivered: boolean;
}>;

export type SubscriptionOptions = Readonly<{
  /** Durable quorum queue `<service>.<what>`; dead letters go to `<queue>.dlq`. */
  queue: string;
  /** Topic exchange the queue is bound to, declared durable if missing. */
  exchange: string;
  routingKeys: readonly string[];
  /** Deliveries handled at once (unacknowledged); 1 keeps the queue's order. Default 10. */
  prefetch?: number;
  /** Applies the message through `handleOnce`, so the ack follows the inbox commit. */
  handle: (envelope: MessageEnvelope, delivery: DeliveryInfo) => Promise<void>;
  /** Throws on a message that can never be handled, e.g. `validateAgainstCatalogue`. */
  validate?: (envelope: MessageEnvelope) => void;
  /** `x-service` of dead letters. Default: the queue name up to its first dot. */
  service?: string;
  /** How long `close()` waits for running handlers before closing the channel anyway. */
  drainTimeoutMs?: number;
  clock?: () => Date;
  logger?: ConnectionLogSink;
}>;

export type Subscription = Readonly<{ close: () => Promise<void> }>;

/**
 * Consumes `queue` with manual acks, and again after every reconnection. Resolves once consuming
 * (a wrong topology fails here), or at once while the broker is away: it starts on connect.
 * A message that fails is dead-lettered for now; retry queues with growing delays come next.
 */
export const subscribe = async (
  connection: RabbitConnection,
  options: SubscriptionOptions,
): Promise<Subscription> => {
  const subscriber = new RabbitSubscriber(connection, options);
  await subscriber.start();
  return { close: () => subscriber.close() };
};

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

  constructor(
    private readonly connection: RabbitConnection,
    private readonly options: SubscriptionOptions,
  ) {}

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
    const { queue, prefetch = 10 } = this.options;
    const channel = await this.connection.channels.createConfirmChannel();
    // Without an 'error' listener a channel error would crash the process; 'close' follows it.
    channel.on('error', (error: Error) =>
      this.log('warn', { reason: error.message }, 'channel error'),
    );
    channel.on('close', () => this.onChannelClosed(channel));
    try {
      await declareTopology(channel, this.options);
      await channel.prefetch(prefetch);
      // Manual acks (noAck: false): a delivery is settled only once it is handled or dead-lettered.
      const consumer = await channel.consume(queue, (message) => this.onDelivery(channel, message));
      if (this.closing) throw new Error('subscription closed while opening');
      this.channel = channel;
      this.consumerTag = consumer.consumerTag;
      this.log('info', { prefetch }, 'RabbitMQ subscriber consuming');
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
    const work: Promise<void> = this.process(channel, message)
      .catch((error: unknown) => this.log('warn', { reason: messageOf(error) }, 'delivery failed'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private async process(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const { fields, properties } = message;
    let envelope: MessageEnvelope;
    try {
      envelope = parseEnvelope(message.content);
      this.options.validate?.(envelope);
    } catch (error) {
      return this.deadLetter(channel, message, error);
    }
    const delivery = {
      routingKey: fields.routingKey,
      headers: properties.headers ?? {},
      redelivered: fields.redelivered,
    };
    try {
      await runWithCorrelationId(envelope.correlationId, () =>
        this.options.handle(envelope, delivery),
      );
    } catch (error) {
      return this.deadLetter(channel, message, error);
    }
    this.settle(() => channel.ack(message));
  }

  /** Copies the message to `<queue>.dlq` with why it failed; acks once the broker confirms. */
  private async deadLetter(channel: ConfirmChannel, message: ConsumeMessage, error: unknown) {
    const {
      queue,
      service = queue.split('.')[0] ?? queue,
      clock = () => new Date(),
    } = this.options;
    const {
      headers: originalHeaders,
      contentType,
      messageId,
      correlationId,
      type,
    } = message.properties;
    const why = deadLetterHeaders(error, {
      service,
      failedAt: clock(),
      attempts: 1,
      firstFailedAt: originalHeaders?.['x-first-failed-at'],
    });
    const headers = {
      ...originalHeaders,
      ...why,
      'x-original-queue': queue,
      'x-original-exchange': message.fields.exchange,
      'x-original-routing-key': message.fields.routingKey,
    };
    const copy = { contentType, messageId, correlationId, type, headers, persistent: true };
    try {
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(deadLetterQueueName(queue), message.content, copy, (refused) =>
          refused ? reject(new Error('broker refused the dead letter')) : resolve(),
        ),
      );
    } catch (publishError) {
      // No confirmed copy: the queue's own dead-letter route takes it (without our headers).
      this.log('warn', { reason: messageOf(publishError) }, 'dead letter not confirmed');
      return this.settle(() => channel.nack(message, false, false));
    }
    this.log('warn', { messageId, reason: why['x-error-reason'] }, 'message dead-lettered');
    this.settle(() => channel.ack(message));
  }

  /** Settling on a channel that died throws; the broker redelivers and the inbox absorbs it. */
  private settle(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.log('warn', { reason: messageOf(error) }, 'delivery not settled; it will come again');
    }
  }

  private log(level: 'info' | 'warn', fields: object, message: string): void {
    this.options.logger?.[level]({ queue: this.options.queue, ...fields }, message);
  }
}

/** Exchange, queue with its dead-letter route, bindings: idempotent, repeated on every open. */
const declareTopology = async (channel: ConfirmChannel, options: SubscriptionOptions) => {
  const { queue, exchange, routingKeys } = options;
  const deadLetters = deadLetterQueueName(queue);
  // Quorum queues replicate, and count deliveries (`x-delivery-count`) for crash-loop parking.
  const quorum = { 'x-queue-type': 'quorum' };
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(deadLetters, { durable: true, arguments: quorum });
  await channel.assertQueue(queue, {
    durable: true,
    deadLetterExchange: '',
    deadLetterRoutingKey: deadLetters,
    arguments: quorum,
  });
  for (const routingKey of routingKeys) await channel.bindQueue(queue, exchange, routingKey);
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
