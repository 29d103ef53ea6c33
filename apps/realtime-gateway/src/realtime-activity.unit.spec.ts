import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { createEnvelope, type OrderConfirmed } from '@pattern-shop/contracts';
import type { Logger } from '@pattern-shop/observability';
import { PushOrderStatusHandler } from './push-order-status/push-order-status.handler.js';
import type { StatusChannel } from './push-order-status/status-update.js';
import { RealtimeActivity } from './realtime-activity.js';
import { RealtimeMetrics } from './realtime-metrics.js';

// What the gateway tells a learner as it works: each push, each dead peer, each resync, one
// log line and one count apiece.

const orderId = '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const confirmed: OrderConfirmed = createEnvelope({
  messageId: 'm-1',
  type: 'OrderConfirmed',
  version: 1,
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  correlationId: 'lab-1',
  causationId: 'm-0',
  aggregateId: orderId,
  data: { orderId, customerId: 'c-7', statusVersion: 3, totalCents: 100, currency: 'EUR' },
});

const gateway = () => {
  const lines: Array<{ level: string; fields: object; message: string }> = [];
  const at = (level: string) => (fields: object, message: string) =>
    void lines.push({ level, fields, message });
  const logger = { info: at('info'), debug: at('debug') } as unknown as Logger;
  const registry = new Registry();
  const metrics = new RealtimeMetrics(registry);
  const activity = new RealtimeActivity(logger, metrics);
  const channel = (receivers: number): StatusChannel => ({ deliver: () => receivers });
  const pusher = (sockets: number, streams: number) =>
    new PushOrderStatusHandler(
      [
        ['socketio', channel(sockets)],
        ['sse', channel(streams)],
      ],
      metrics,
      activity,
    );
  const metric = (name: string) => registry.getSingleMetricAsString(name);
  return { lines, activity, pusher, metric };
};

describe('the gateway logs and counts what it does, once per event', () => {
  it('given two sockets and one stream following the order, when OrderConfirmed arrives, then one info line names the order, status, correlation and receivers, and three pushes are counted', async () => {
    const { lines, pusher, metric } = gateway();

    pusher(2, 1).handle(confirmed);

    expect(lines).toEqual([
      {
        level: 'info',
        message: 'order status pushed',
        fields: {
          orderId,
          status: 'CONFIRMED',
          statusVersion: 3,
          correlationId: 'lab-1',
          sockets: 2,
          streams: 1,
        },
      },
    ]);
    const pushes = await metric('realtime_pushes_total');
    expect(pushes).toContain('realtime_pushes_total{transport="socketio"} 2');
    expect(pushes).toContain('realtime_pushes_total{transport="sse"} 1');
  });

  it('given nobody follows the order, when its fact arrives, then the line is at debug and nothing is counted as pushed', async () => {
    const { lines, pusher, metric } = gateway();
    pusher(0, 0).handle(confirmed);
    expect(lines.map((line) => line.level)).toEqual(['debug']);
    expect(await metric('realtime_pushes_total')).toContain(
      'realtime_pushes_total{transport="socketio"} 0',
    );
  });

  it('given a socket that missed its heartbeats, when it is dropped, then one info line names it and its orders, and one gateway heartbeat failure is counted', async () => {
    const { lines, activity, metric } = gateway();

    activity.deadPeerDropped({ socketId: 's-1', customerId: 'c-7', orders: [orderId] });

    expect(lines).toEqual([
      {
        level: 'info',
        message: 'dead peer dropped',
        fields: {
          socketId: 's-1',
          customerId: 'c-7',
          orders: [orderId],
          reason: 'heartbeat missed',
        },
      },
    ]);
    expect(await metric('realtime_heartbeat_failures_total')).toContain(
      'realtime_heartbeat_failures_total{detected_by="gateway"} 1',
    );
  });

  it('given the broker link came back, when the gateway resyncs, then one info line with the sockets told and one resync counted', async () => {
    const { lines, activity, metric } = gateway();
    activity.resynced(4);
    expect(lines).toEqual([
      { level: 'info', message: 'clients told to resync', fields: { sockets: 4 } },
    ]);
    expect(await metric('realtime_resyncs_total')).toContain('realtime_resyncs_total 1');
  });
});
