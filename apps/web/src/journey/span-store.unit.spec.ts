import { describe, expect, it } from '@jest/globals';
import type { StoredSpan } from './otlp-spans.js';
import { SpanStore } from './span-store.js';

const span = (
  traceId: string,
  spanId: string,
  attributes: StoredSpan['attributes'] = {},
): StoredSpan => ({
  service: 'order-service',
  traceId,
  spanId,
  parentSpanId: undefined,
  name: spanId,
  kind: 4,
  startMs: 0,
  endMs: 1,
  failed: false,
  statusMessage: undefined,
  attributes,
});

describe('the span store', () => {
  it("given an order's traces, when asked about the order, then it answers them and the traces sharing their correlation id", () => {
    const store = new SpanStore({ maxSpans: 100, maxAgeMs: 60_000 }, () => 0);
    store.add([
      span('t1', 'a', {
        'shop.aggregate.id': 'order-1',
        'messaging.message.conversation_id': 'c1',
      }),
      span('t1', 'b'),
    ]);
    store.add([
      span('t2', 'c', { 'messaging.message.conversation_id': 'c1' }),
      span('t3', 'd', { 'shop.aggregate.id': 'order-2' }),
    ]);
    expect(
      store
        .spansAbout('order-1')
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(store.spansAbout('order-3')).toEqual([]);
  });

  it('given more spans than its bound, when one more trace arrives, then the oldest traces are dropped', () => {
    const store = new SpanStore({ maxSpans: 3, maxAgeMs: 60_000 }, () => 0);
    store.add([span('t1', 'a', { 'shop.aggregate.id': 'order-1' }), span('t1', 'b')]);
    store.add([span('t2', 'c', { 'shop.aggregate.id': 'order-2' }), span('t2', 'd')]);
    expect(store.size).toBe(2);
    expect(store.spansAbout('order-1')).toEqual([]);
    expect(store.spansAbout('order-2')).toHaveLength(2);
  });

  it('given a trace that received nothing for longer than the age bound, when read, then it is gone', () => {
    let now = 0;
    const store = new SpanStore({ maxSpans: 100, maxAgeMs: 1_000 }, () => now);
    store.add([span('t1', 'a', { 'shop.aggregate.id': 'order-1' })]);
    now = 500;
    store.add([span('t2', 'b', { 'shop.aggregate.id': 'order-2' })]);
    now = 1_200;
    expect(store.spansAbout('order-1')).toEqual([]);
    expect(store.spansAbout('order-2')).toHaveLength(1);
  });
});
