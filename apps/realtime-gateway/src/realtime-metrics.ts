import { Counter, Gauge, type Registry } from 'prom-client';

export type Transport = 'socketio' | 'sse';

/** How long the push rate gauge looks back. */
const RATE_WINDOW_MS = 60_000;

/**
 * What the gateway exports so that "connections flat, messages zero" shows on a dashboard:
 * connections open, messages pushed and their rate over the last minute, heartbeat failures
 * (detected by the gateway or reported by a reconnecting client) and reconnects.
 */
export class RealtimeMetrics {
  private readonly connections: Gauge<'transport'>;
  private readonly pushes: Counter<'transport'>;
  private readonly heartbeatFailures: Counter<'detected_by'>;
  private readonly reconnects: Counter;
  private readonly resyncs: Counter;
  private readonly facts: Counter<'type'>;
  private readonly refusals: Counter<'code'>;
  /** Pushes per second of the clock, for the last minute. */
  private recentPushes: Array<{ second: number; count: number }> = [];

  constructor(
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    const registers = [registry];
    this.connections = new Gauge({
      name: 'realtime_open_connections',
      help: 'Client connections open now, by transport (socketio, sse).',
      labelNames: ['transport'],
      registers,
    });
    this.pushes = new Counter({
      name: 'realtime_pushes_total',
      help: 'order.status messages delivered to clients, one per receiving connection.',
      labelNames: ['transport'],
      registers,
    });
    const rate = () => this.pushesPerSecond();
    new Gauge({
      name: 'realtime_push_rate_per_second',
      help: 'order.status messages delivered per second, averaged over the last minute.',
      registers,
      collect() {
        this.set(rate());
      },
    });
    this.heartbeatFailures = new Counter({
      name: 'realtime_heartbeat_failures_total',
      help: 'Connections found dead by missed heartbeats: by the gateway (socket.io ping timeout) or by the client (reported when it reconnects).',
      labelNames: ['detected_by'],
      registers,
    });
    this.reconnects = new Counter({
      name: 'realtime_reconnects_total',
      help: 'Connections opened by clients that had been connected before.',
      registers,
    });
    this.resyncs = new Counter({
      name: 'realtime_resyncs_total',
      help: 'Times the gateway told every client to refetch, after its broker link came back.',
      registers,
    });
    this.facts = new Counter({
      name: 'realtime_order_facts_total',
      help: 'Order facts received from RabbitMQ, by type.',
      labelNames: ['type'],
      registers,
    });
    this.refusals = new Counter({
      name: 'realtime_refusals_total',
      help: 'Handshakes and subscriptions refused, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.connections.set({ transport: 'socketio' }, 0);
    this.connections.set({ transport: 'sse' }, 0);
    this.pushes.inc({ transport: 'socketio' }, 0);
    this.pushes.inc({ transport: 'sse' }, 0);
    this.heartbeatFailures.inc({ detected_by: 'gateway' }, 0);
    this.heartbeatFailures.inc({ detected_by: 'client' }, 0);
    for (const type of ['OrderPlaced', 'OrderConfirmed', 'OrderCancelled'])
      this.facts.inc({ type }, 0);
    for (const code of [
      'unauthorized',
      'invalid-request',
      'forbidden',
      'not-found',
      'unavailable',
    ]) {
      this.refusals.inc({ code }, 0);
    }
  }

  connectionOpened(transport: Transport): void {
    this.connections.inc({ transport });
  }
  connectionClosed(transport: Transport): void {
    this.connections.dec({ transport });
  }
  pushed(transport: Transport, recipients: number): void {
    if (recipients === 0) return;
    this.pushes.inc({ transport }, recipients);
    const second = Math.floor(this.now() / 1000);
    const last = this.recentPushes.at(-1);
    if (last?.second === second) last.count += recipients;
    else this.recentPushes.push({ second, count: recipients });
  }
  heartbeatFailed(detectedBy: 'gateway' | 'client'): void {
    this.heartbeatFailures.inc({ detected_by: detectedBy });
  }
  reconnected(): void {
    this.reconnects.inc();
  }
  resynced(): void {
    this.resyncs.inc();
  }
  factReceived(type: string): void {
    this.facts.inc({ type });
  }
  refused(code: string): void {
    this.refusals.inc({ code });
  }

  private pushesPerSecond(): number {
    const oldest = Math.floor((this.now() - RATE_WINDOW_MS) / 1000);
    this.recentPushes = this.recentPushes.filter((entry) => entry.second > oldest);
    const total = this.recentPushes.reduce((sum, entry) => sum + entry.count, 0);
    return total / (RATE_WINDOW_MS / 1000);
  }
}
