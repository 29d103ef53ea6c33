import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server } from 'socket.io';
import {
  customerRoom,
  type Heartbeat,
  orderRoom,
  REALTIME_EVENTS,
} from '@pattern-shop/realtime-client';
import { type AccessTokenSettings, checkAccessToken } from '../access/token-access.js';
import type { StatusChannel, StatusUpdate } from '../push-order-status/status-update.js';
import { RealtimeActivity } from '../realtime-activity.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { handleOrderSubscriptions } from '../subscribe-to-order/order-subscription.socket.js';
import { SubscribeToOrderHandler } from '../subscribe-to-order/subscribe-to-order.handler.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';
import { SlicedHeartbeat } from './sliced-heartbeat.js';
import type { GatewayServer, GatewaySocket } from './socket-types.js';

export const SOCKET_SETTINGS = Symbol('SOCKET_SETTINGS');
const HEARTBEAT_SLICES = 50;
const heartbeatSlice = (slice: number) => `heartbeat:${slice}`;

export type SocketSettings = HeartbeatSettings & Readonly<{ tokens: AccessTokenSettings }>;

/**
 * The socket.io server, on the same HTTP server and port as the REST routes. The handshake
 * checks the token (`auth.token`); a connection then follows orders by subscribing. Two
 * heartbeats: socket.io's ping/pong finds a dead peer, and `heartbeat { at, seq }` travels the
 * path pushes take, so a client also notices a connection that is open but no longer delivers.
 */
@Injectable()
export class SocketServer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, StatusChannel
{
  private io: GatewayServer | undefined;
  private heartbeat: SlicedHeartbeat | undefined;
  private seq = 0;

  constructor(
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(SOCKET_SETTINGS) private readonly settings: SocketSettings,
    @Inject(SubscribeToOrderHandler) private readonly handler: SubscribeToOrderHandler,
    @Inject(RealtimeMetrics) private readonly metrics: RealtimeMetrics,
    @Inject(RealtimeActivity) private readonly activity: RealtimeActivity,
  ) {}

  onApplicationBootstrap(): void {
    const { pingIntervalMs, pingTimeoutMs, heartbeatIntervalMs, tokens } = this.settings;
    const io: GatewayServer = new Server(this.http.httpAdapter.getHttpServer(), {
      pingInterval: pingIntervalMs,
      pingTimeout: pingTimeoutMs,
      serveClient: false,
    });
    io.use((socket, next) => {
      const check = checkAccessToken(socket.handshake.auth['token'], tokens);
      if (check.ok) {
        socket.data = { access: check.access, token: check.token };
        return next();
      }
      this.metrics.refused(check.error.code);
      next(Object.assign(new Error(check.error.message), { data: check.error }));
    });
    io.on('connection', (socket) => this.onConnection(socket));
    this.io = io;
    // One emit to 10,000 sockets holds the event loop for a few hundred ms and every push waits
    // behind it; fifty slices, one every fiftieth of the interval (200 sockets each at 10,000),
    // keep each pause to a few ms. Ten slices left a push's p99 at 25 ms in the bench, fifty 10 ms.
    this.heartbeat = new SlicedHeartbeat(
      (slice) => {
        const beat: Heartbeat = { at: new Date().toISOString(), seq: ++this.seq };
        io.to(heartbeatSlice(slice)).emit(REALTIME_EVENTS.heartbeat, beat);
      },
      { intervalMs: heartbeatIntervalMs, slices: HEARTBEAT_SLICES },
    );
  }

  deliver({ push, customerId }: StatusUpdate): number {
    const io = this.io;
    if (io === undefined) return 0;
    const rooms = [orderRoom(push.orderId), customerRoom(customerId)];
    // A socket in both rooms gets the push once; count it once.
    const recipients = new Set(
      rooms.flatMap((room) => [...(io.sockets.adapter.rooms.get(room) ?? [])]),
    );
    if (recipients.size > 0) io.to(rooms).emit(REALTIME_EVENTS.orderStatus, push);
    return recipients.size;
  }

  /** Tells every client that pushes may have been missed, so each refetches. */
  resync(): void {
    if (this.io === undefined) return;
    this.io.emit(REALTIME_EVENTS.resync);
    this.activity.resynced(this.io.sockets.sockets.size);
  }

  /** Open WebSockets would hold the HTTP server's close for the whole shutdown grace. */
  beforeApplicationShutdown(): void {
    this.heartbeat?.stop();
    this.io?.disconnectSockets(true);
    this.io?.engine.close();
  }

  private onConnection(socket: GatewaySocket): void {
    this.metrics.connectionOpened('socketio');
    const heartbeat = this.heartbeat;
    if (heartbeat !== undefined) void socket.join(heartbeatSlice(heartbeat.opened()));
    const { reconnects, lastDisconnect } = socket.handshake.auth as Record<string, unknown>;
    if (typeof reconnects === 'number' && reconnects > 0) this.metrics.reconnected();
    if (lastDisconnect === 'heartbeat missed') this.metrics.heartbeatFailed('client');
    // Tokens are short-lived: a connection ends when its token does, and cannot reconnect with it.
    const expiresInMs =
      socket.data.access.expiresAt.getTime() - this.settings.tokens.now().getTime();
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(expiresInMs, 2 ** 31 - 1));
    // Captured before the disconnect: socket.io empties the socket's rooms as it leaves.
    let rooms: string[] = [];
    socket.on('disconnecting', () => (rooms = [...socket.rooms]));
    socket.on('disconnect', (reason) => {
      clearTimeout(expiry);
      heartbeat?.closed();
      this.metrics.connectionClosed('socketio');
      if (reason !== 'ping timeout') return;
      const prefix = orderRoom('');
      const orders = rooms.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
      const { customerId } = socket.data.access;
      this.activity.deadPeerDropped({ socketId: socket.id, customerId, orders });
    });
    handleOrderSubscriptions(socket, this.handler, this.metrics);
  }
}
