import type { RealtimeActivity } from '../realtime-activity.js';
import type { RealtimeMetrics, Transport } from '../realtime-metrics.js';
import {
  type OrderStatusFact,
  type StatusChannel,
  type StatusUpdate,
  statusUpdateOf,
} from './status-update.js';

/**
 * Pushes one order fact to every client following the order or its customer, on every channel.
 * No inbox and no database: a fact delivered twice is pushed twice, and that is harmless because
 * clients ignore a `statusVersion` they already show. So a push is idempotent at the client.
 */
export class PushOrderStatusHandler {
  constructor(
    private readonly channels: ReadonlyArray<readonly [Transport, StatusChannel]>,
    private readonly metrics: RealtimeMetrics,
    private readonly activity: RealtimeActivity,
  ) {}

  handle(fact: OrderStatusFact): StatusUpdate {
    this.metrics.factReceived(fact.type);
    const update = statusUpdateOf(fact);
    const recipients = { socketio: 0, sse: 0 };
    for (const [transport, channel] of this.channels) {
      recipients[transport] += channel.deliver(update);
    }
    const { orderId, status, statusVersion } = update.push;
    this.activity.pushed(
      { orderId, status, statusVersion, correlationId: fact.correlationId },
      recipients,
    );
    return update;
  }
}
