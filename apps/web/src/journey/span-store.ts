import type { StoredSpan } from './otlp-spans.js';

export type SpanStoreLimits = Readonly<{
  /** At most this many spans in memory; the oldest traces go first. */
  maxSpans: number;
  /** A trace that received nothing for this long is dropped. */
  maxAgeMs: number;
}>;

/** The attributes that name what a span was about: the order (aggregate) and the correlation id. */
const KEY_ATTRIBUTES = ['shop.aggregate.id', 'messaging.message.conversation_id'] as const;

type TraceEntry = { spans: StoredSpan[]; lastReceivedMs: number; keys: Set<string> };

/**
 * The spans the services sent, in memory, bounded by count and age, indexed by trace and by the
 * order id and correlation id the spans carry. web keeps nothing durable: a restart forgets them.
 */
export class SpanStore {
  /** In order of last receipt, so the first entry is the one to evict. */
  private readonly traces = new Map<string, TraceEntry>();
  private readonly tracesByKey = new Map<string, Set<string>>();
  private spanCount = 0;

  constructor(
    private readonly limits: SpanStoreLimits,
    private readonly now: () => number,
  ) {}

  add(spans: readonly StoredSpan[]): void {
    const receivedMs = this.now();
    for (const span of spans) {
      const entry = this.traces.get(span.traceId) ?? {
        spans: [],
        lastReceivedMs: receivedMs,
        keys: new Set<string>(),
      };
      this.traces.delete(span.traceId);
      this.traces.set(span.traceId, { ...entry, lastReceivedMs: receivedMs });
      entry.spans.push(span);
      this.spanCount += 1;
      for (const name of KEY_ATTRIBUTES) {
        const key = span.attributes[name];
        if (typeof key !== 'string' || key === '') continue;
        entry.keys.add(key);
        const traces = this.tracesByKey.get(key) ?? new Set<string>();
        traces.add(span.traceId);
        this.tracesByKey.set(key, traces);
      }
    }
    this.evict();
  }

  /** The spans of every trace that mentions `key`, and of the traces sharing their correlation ids. */
  spansAbout(key: string): StoredSpan[] {
    this.evict();
    const traceIds = new Set(this.tracesByKey.get(key) ?? []);
    for (const traceId of [...traceIds]) {
      for (const span of this.traces.get(traceId)?.spans ?? []) {
        const correlationId = span.attributes['messaging.message.conversation_id'];
        if (typeof correlationId !== 'string') continue;
        for (const other of this.tracesByKey.get(correlationId) ?? []) traceIds.add(other);
      }
    }
    return [...traceIds].flatMap((traceId) => this.traces.get(traceId)?.spans ?? []);
  }

  get size(): number {
    return this.spanCount;
  }

  private evict(): void {
    const oldestKept = this.now() - this.limits.maxAgeMs;
    for (const [traceId, entry] of this.traces) {
      if (this.spanCount <= this.limits.maxSpans && entry.lastReceivedMs >= oldestKept) break;
      this.traces.delete(traceId);
      this.spanCount -= entry.spans.length;
      for (const key of entry.keys) {
        const traces = this.tracesByKey.get(key);
        traces?.delete(traceId);
        if (traces?.size === 0) this.tracesByKey.delete(key);
      }
    }
  }
}
