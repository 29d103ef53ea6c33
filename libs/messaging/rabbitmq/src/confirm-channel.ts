import type { ConfirmChannel, Message, Options } from 'amqplib';
import type { RabbitConnection } from './rabbit-connection.js';

export type ConfirmedMessage = Readonly<{
  exchange: string;
  routingKey: string;
  content: Buffer;
  /** `messageId` is required: a message the broker returns is matched to its publish by it. */
  properties: Options.Publish & { messageId: string };
  /** When true, a message no queue receives fails (a command nobody consumes) instead of vanishing. */
  mandatory?: boolean;
}>;

/** A confirm channel and what it learnt: why the broker closed it, what it returned, which
 * exchanges are known to exist. */
export type OpenChannel = {
  channel: ConfirmChannel;
  closedBecause?: string;
  returned: Set<string>;
  knownExchanges: Set<string>;
};

/** Opens a confirm channel that records its close reason and the messages the broker returns. */
export const openConfirmChannel = async (
  connection: RabbitConnection,
  timeoutMs: number,
  onClosed: () => void,
): Promise<OpenChannel> => {
  const creating = connection.channels.createConfirmChannel();
  const channel = await withTimeout(creating, timeoutMs, 'opening a confirm channel').catch(
    (error: unknown) => {
      // A channel that opens after we gave up would otherwise stay open, unused, forever.
      creating.then(
        (late) => late.close().catch(() => undefined),
        () => undefined,
      );
      throw error;
    },
  );
  const open: OpenChannel = { channel, returned: new Set(), knownExchanges: new Set(['']) };
  // The broker explains a channel error ('error') just before the channel closes ('close').
  channel.on('error', (error: Error) => (open.closedBecause = error.message));
  channel.on('close', onClosed);
  channel.on('return', (message: Message) => {
    const messageId: unknown = message.properties.messageId;
    if (typeof messageId === 'string') open.returned.add(messageId);
  });
  return open;
};

/**
 * Why each exchange not seen yet on this channel cannot be used (it does not exist). Checked on a
 * throwaway channel: publishing to a missing exchange would close the confirm channel and fail
 * every other message in flight with it, so one bad row would keep failing its neighbours.
 */
export const missingExchanges = async (
  connection: RabbitConnection,
  open: OpenChannel,
  exchanges: readonly string[],
  timeoutMs: number,
): Promise<Map<string, Error>> => {
  const missing = new Map<string, Error>();
  for (const exchange of new Set(exchanges)) {
    if (open.knownExchanges.has(exchange)) continue;
    const checker = await withTimeout(
      connection.channels.createChannel(),
      timeoutMs,
      'opening a channel',
    );
    checker.on('error', () => undefined); // the 404 closes it; the rejection below says why
    try {
      await checker.checkExchange(exchange);
      open.knownExchanges.add(exchange);
      await checker.close();
    } catch (error) {
      missing.set(exchange, asError(error));
    }
  }
  return missing;
};

/** Publishes one persistent message; resolves with `undefined` once confirmed, else the error. */
export const publishOne = (
  open: OpenChannel,
  message: ConfirmedMessage,
): Promise<Error | undefined> =>
  new Promise((resolve) => {
    const { exchange, routingKey, content, properties, mandatory = false } = message;
    const onConfirm = (error: unknown): void => {
      if (error) {
        resolve(new Error(open.closedBecause ?? `not confirmed: ${asError(error).message}`));
      } else if (open.returned.delete(properties.messageId)) {
        // RabbitMQ sends basic.return before the confirm of the same message.
        resolve(new Error(`unroutable: no queue bound to '${exchange}' for '${routingKey}'`));
      } else {
        resolve(undefined);
      }
    };
    try {
      const options = { ...properties, mandatory, persistent: true };
      open.channel.publish(exchange, routingKey, content, options, onConfirm);
    } catch (error) {
      // Publishing on a channel that has just closed throws at once.
      resolve(new Error(open.closedBecause ?? asError(error).message));
    }
  });

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

export const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
