import type { ReceivedSpan } from '@pattern-shop/testing';
import { percentile } from './realtime-load.js';

/**
 * Where the time from a status commit to the gateway goes, from the traces of the orders that
 * reached a final status: per trace, order-service's consume of the last saga reply (the step
 * that confirmed or cancelled), the relay's publish of the fact on shop.events, and the gateway's
 * consume of it. Prints p50 / p99 of each leg.
 */
export const pushPathBreakdown = (spans: readonly ReceivedSpan[]): string[] => {
  const byTrace = new Map<string, ReceivedSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const legs = {
    handling: [] as number[],
    toRelay: [] as number[],
    relayToGateway: [] as number[],
    confirm: [] as number[],
  };
  for (const trace of byTrace.values()) {
    const publish = trace.find(
      (s) =>
        s.service === 'order-service' &&
        s.kind === 4 &&
        s.name.startsWith('shop.events') &&
        /Order(Confirmed|Cancelled)/.test(s.attributes['messaging.message.type'] ?? ''),
    );
    if (publish === undefined) continue;
    // The reply whose handling decided the final status: the last one consumed before it.
    const decided = trace
      .filter((s) => s.service === 'order-service' && s.kind === 5 && s.startMs <= publish.startMs)
      .sort((a, b) => b.startMs - a.startMs)[0];
    const pushed = trace.find(
      (s) => s.service === 'realtime-gateway' && s.parentSpanId === publish.spanId,
    );
    if (decided === undefined || pushed === undefined) continue;
    legs.handling.push(decided.endMs - decided.startMs);
    legs.toRelay.push(publish.startMs - decided.startMs);
    legs.relayToGateway.push(pushed.startMs - publish.startMs);
    legs.confirm.push(publish.endMs - publish.startMs);
  }
  const line = (name: string, values: number[]) =>
    `  ${name}: p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms (${values.length} traces)`;
  return [
    'where the time goes (from the traces):',
    line(
      'order-service handles the last reply (its consume span: transaction, commit, ack)',
      legs.handling,
    ),
    line(
      'order-service takes the last reply -> the relay starts publishing the fact',
      legs.toRelay,
    ),
    line('relay publish starts -> the gateway consumes it', legs.relayToGateway),
    line('relay publish starts -> RabbitMQ confirms (not on the push path)', legs.confirm),
  ];
};
