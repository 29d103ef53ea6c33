import type { ConfirmChannel } from 'amqplib';
import {
  asError,
  type ConfirmedMessage,
  missingExchanges,
  type OpenChannel,
  openConfirmChannel,
  publishOne,
} from './confirm-channel.js';
import type { RabbitConnection } from './rabbit-connection.js';

export type { ConfirmedMessage } from './confirm-channel.js';

export type ConfirmingPublisherOptions = Readonly<{
  /** Runs on every new channel before its first publish, e.g. `declareEventExchanges`. */
  setup?: (channel: ConfirmChannel) => Promise<void>;
  /** How long to wait for a channel to open and for the broker to confirm a batch. */
  confirmTimeoutMs?: number;
}>;

/**
 * Publishes persistent messages on a confirm channel and reports, per message, whether the broker
 * took responsibility for it (publisher confirm) or why not. Channels die with their connection;
 * a new one is opened on the next publish. Messages for an exchange that does not exist fail
 * alone, without being published, so they cannot close the channel under the others.
 */
export class ConfirmingPublisher {
  private current: Promise<OpenChannel> | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly options: ConfirmingPublisherOptions = {},
  ) {
    // After a (re)connection the old channel is gone; open the next one before it is needed.
    this.stopListening = connection.onConnected(() => {
      this.current = undefined;
      this.openChannel().catch(() => undefined);
    });
  }

  /** Resolves with one entry per message, in order: `undefined` once confirmed, else the error. */
  async publishAll(messages: readonly ConfirmedMessage[]): Promise<(Error | undefined)[]> {
    if (messages.length === 0) return [];
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    let open: OpenChannel;
    let missing: Map<string, Error>;
    try {
      open = await this.openChannel();
      missing = await missingExchanges(
        this.connection,
        open,
        messages.map((message) => message.exchange),
        timeoutMs,
      );
    } catch (error) {
      return messages.map(() => asError(error));
    }
    let timer: NodeJS.Timeout | undefined;
    const noConfirm = new Error(`no publisher confirm within ${timeoutMs} ms`);
    const timedOut = new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(noConfirm), timeoutMs);
    });
    // amqplib buffers what the socket cannot take yet; the caller's batch size bounds that buffer.
    const outcomes = messages.map(
      (message) =>
        missing.get(message.exchange) ?? Promise.race([publishOne(open, message), timedOut]),
    );
    const results = await Promise.all(outcomes);
    clearTimeout(timer);
    // A channel that stopped confirming may be stuck; a closed one has already been forgotten.
    if (results.includes(noConfirm)) this.discard(open);
    return results;
  }

  async close(): Promise<void> {
    this.stopListening();
    const current = this.current;
    this.current = undefined;
    const open = await current?.catch(() => undefined);
    await open?.channel.close().catch(() => undefined);
  }

  private openChannel(): Promise<OpenChannel> {
    if (!this.connection.isConnected) {
      return Promise.reject(new Error(`RabbitMQ not connected: ${this.connection.lastFailure}`));
    }
    if (this.current === undefined) {
      const opening = this.createChannel(() => {
        if (this.current === opening) this.current = undefined;
      });
      opening.catch(() => {
        if (this.current === opening) this.current = undefined;
      });
      this.current = opening;
    }
    return this.current;
  }

  private async createChannel(onClosed: () => void): Promise<OpenChannel> {
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    const open = await openConfirmChannel(this.connection, timeoutMs, onClosed);
    await this.options.setup?.(open.channel);
    return open;
  }

  /** Closes a channel that may be half-broken; the next batch gets a fresh one. */
  private discard(open: OpenChannel): void {
    this.current?.then(
      (current) => {
        if (current !== open) return;
        this.current = undefined;
        open.channel.close().catch(() => undefined);
      },
      () => undefined,
    );
  }
}
