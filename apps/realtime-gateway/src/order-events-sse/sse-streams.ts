import type { ServerResponse } from 'node:http';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type OrderStatusPush, REALTIME_EVENTS } from '@pattern-shop/realtime-client';
import type { StatusChannel, StatusUpdate } from '../push-order-status/status-update.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { SOCKET_SETTINGS, type SocketSettings } from '../socket-server/socket-server.js';

/**
 * One client's event stream. `id:` of each event is the statusVersion, which `Last-Event-ID`
 * resumes from; an event not newer than the last one sent is dropped, so the stream never goes
 * back even when the current status read at the start races a push.
 */
export class SseStream {
  constructor(
    readonly response: ServerResponse,
    private lastVersion: number,
  ) {}

  send(push: OrderStatusPush): boolean {
    if (push.statusVersion <= this.lastVersion || this.response.writableEnded) return false;
    this.lastVersion = push.statusVersion;
    const data = JSON.stringify(push);
    this.write(
      `id: ${push.statusVersion}\nevent: ${REALTIME_EVENTS.orderStatus}\ndata: ${data}\n\n`,
    );
    return true;
  }

  /** Between the end and the socket's close, a heartbeat or a push may still come: dropped. */
  write(event: string): void {
    if (!this.response.writableEnded) this.response.write(event);
  }

  /** The last event, saying why, then the end; EventSource's reconnect then needs a new ticket. */
  expire(): void {
    const data = JSON.stringify({ reason: TOKEN_EXPIRED });
    this.write(`event: ${REALTIME_EVENTS.expired}\ndata: ${data}\n\n`);
    this.response.end();
  }
}

const TOKEN_EXPIRED =
  'the token behind this stream expired: get a fresh token, then a new ticket from POST /sse-tickets';

/**
 * The open `text/event-stream` responses, by order. A heartbeat event (without `id:`, so it
 * leaves `Last-Event-ID` alone) goes to every stream at the socket.io heartbeat interval.
 */
@Injectable()
export class SseStreams
  implements StatusChannel, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly byOrder = new Map<string, Set<SseStream>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(
    @Inject(SOCKET_SETTINGS) private readonly settings: SocketSettings,
    @Inject(RealtimeMetrics) private readonly metrics: RealtimeMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.heartbeatIntervalMs === undefined) return; // no-heartbeat (weak variant)
    this.heartbeat = setInterval(() => {
      const data = JSON.stringify({ at: new Date().toISOString(), seq: ++this.seq });
      const event = `event: ${REALTIME_EVENTS.heartbeat}\ndata: ${data}\n\n`;
      for (const streams of this.byOrder.values()) {
        streams.forEach((stream) => stream.write(event));
      }
    }, this.settings.heartbeatIntervalMs);
  }

  /** Keeps `stream` until the client goes away, or ends it when its token expires. */
  add(orderId: string, stream: SseStream, expiresAt: Date): void {
    const streams = this.byOrder.get(orderId) ?? new Set();
    this.byOrder.set(orderId, streams.add(stream));
    this.metrics.connectionOpened('sse');
    // Tokens are short-lived: a stream ends when its token does, as a socket.io connection does.
    const expiresInMs = expiresAt.getTime() - this.settings.tokens.now().getTime();
    const expiry = setTimeout(() => stream.expire(), Math.min(expiresInMs, 2 ** 31 - 1));
    stream.response.once('close', () => {
      clearTimeout(expiry);
      streams.delete(stream);
      if (streams.size === 0 && this.byOrder.get(orderId) === streams) this.byOrder.delete(orderId);
      this.metrics.connectionClosed('sse');
    });
  }

  deliver({ push }: StatusUpdate): number {
    let sent = 0;
    this.byOrder.get(push.orderId)?.forEach((stream) => (sent += stream.send(push) ? 1 : 0));
    return sent;
  }

  /** Ends every stream, or the HTTP server's close would wait for them; EventSource reconnects. */
  beforeApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const streams of this.byOrder.values()) streams.forEach((stream) => stream.response.end());
  }
}
