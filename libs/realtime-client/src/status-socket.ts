import { io } from 'socket.io-client';
import type { SubscribeAck } from './protocol.js';

/** The slice of a socket.io client socket the connection uses, so unit tests can fake it. */
export type StatusSocket = Readonly<{
  on: (event: string, listener: (...args: unknown[]) => void) => void;
  /** Emits and resolves with the gateway's ack; rejects when no ack comes in time. */
  request: (event: string, payload: unknown) => Promise<SubscribeAck>;
  close: () => void;
}>;

export type StatusSocketFactory = (
  url: string,
  /** `reconnects` and `lastDisconnect` tell the gateway's metrics how the last connection ended. */
  auth: Readonly<{ token: string; reconnects: number; lastDisconnect?: string }>,
) => StatusSocket;

type LooseSocket = { on: (event: string, listener: (...args: unknown[]) => void) => unknown };

/**
 * A socket.io connection with socket.io's own reconnection switched off: the caller reconnects,
 * with its own backoff, and resubscribes and refetches each time. `forceNew` gives every client
 * its own connection rather than one shared per URL. WebSocket only: clients without it use SSE.
 */
export const socketIoFactory =
  ({
    connectTimeoutMs = 5_000,
    ackTimeoutMs = 5_000,
  }: { connectTimeoutMs?: number; ackTimeoutMs?: number } = {}): StatusSocketFactory =>
  (url, auth) => {
    const socket = io(url, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: connectTimeoutMs,
    });
    return {
      on: (event, listener) => void (socket as unknown as LooseSocket).on(event, listener),
      request: (event, payload) =>
        socket.timeout(ackTimeoutMs).emitWithAck(event, payload) as Promise<SubscribeAck>,
      close: () => void socket.disconnect(),
    };
  };
