import type { Logger } from '@pattern-shop/observability';
import type { RealtimeMetrics, Transport } from './realtime-metrics.js';

export type PushedStatus = Readonly<{
  orderId: string;
  status: string;
  statusVersion: number;
  correlationId: string;
}>;

/**
 * What the gateway did, counted and logged once per event from one place: a push (info when
 * someone received it, debug when nobody follows the order, so a load test does not flood the
 * log), a dead peer dropped after missed heartbeats, and a resync told to every client.
 */
export class RealtimeActivity {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: RealtimeMetrics,
  ) {}

  pushed(status: PushedStatus, recipients: Readonly<Record<Transport, number>>): void {
    this.metrics.pushed('socketio', recipients.socketio);
    this.metrics.pushed('sse', recipients.sse);
    const level = recipients.socketio + recipients.sse > 0 ? 'info' : 'debug';
    this.logger[level](
      { ...status, sockets: recipients.socketio, streams: recipients.sse },
      'order status pushed',
    );
  }

  /** socket.io's ping went unanswered: the connection was dead although it looked open. */
  deadPeerDropped(peer: Readonly<{ socketId: string; customerId: string; orders: string[] }>) {
    this.metrics.heartbeatFailed('gateway');
    this.logger.info({ ...peer, reason: 'heartbeat missed' }, 'dead peer dropped');
  }

  /** After the broker link came back: facts of the gap were lost, so every client refetches. */
  resynced(sockets: number): void {
    this.metrics.resynced();
    this.logger.info({ sockets }, 'clients told to resync');
  }
}
