import type { HopDraft, JourneyHop, SagaStepEntry } from './journey-hop.js';
import type { StoredSpan } from './otlp-spans.js';
import { hopsOfSpan } from './span-hops.js';

export type { HopMessage, HopPattern, JourneyHop, SagaStepEntry } from './journey-hop.js';

const sagaHop = (step: SagaStepEntry, index: number): HopDraft => ({
  id: `saga-${index}`,
  pattern: 'saga',
  patternNumber: 5,
  from: 'order-service',
  to: 'order-service',
  label: `saga ${step.from ?? 'start'} → ${step.to} (${step.input})`,
  startMs: Date.parse(step.at),
  durationMs: 0,
  failed: false,
  details: Object.fromEntries(
    Object.entries({ note: step.note, causedBy: step.causedBy }).filter(
      (e): e is [string, string] => e[1] !== null,
    ),
  ),
  message: undefined,
});

/** Every hop of one order, in time order, from its spans and its saga's step log. */
export const journeyHops = (
  spans: readonly StoredSpan[],
  sagaSteps: readonly SagaStepEntry[],
): JourneyHop[] => {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const drafts = [
    ...spans.flatMap((span) => hopsOfSpan(span, byId, spans)),
    ...sagaSteps.map(sagaHop),
  ].sort((a, b) => a.startMs - b.startMs);
  const first = drafts[0]?.startMs ?? 0;
  return drafts.map(({ startMs, ...hop }) => ({
    ...hop,
    at: new Date(startMs).toISOString(),
    afterMs: Math.round(startMs - first),
  }));
};

/** The lanes of the diagram, in the order a reader follows an order through them. */
export const LANE_ORDER = [
  'customer',
  'order-service',
  'inventory-service',
  'payment-service',
  'payment-provider',
  'RabbitMQ',
  'Kafka',
  'email-service',
  'SMTP',
  'analytics-service',
  'realtime-gateway',
  'browser',
];

export const lanesOf = (hops: readonly JourneyHop[]): string[] => {
  const used = new Set(hops.flatMap((hop) => [hop.from, hop.to]));
  const known = LANE_ORDER.filter((lane) => used.has(lane));
  return [...known, ...[...used].filter((lane) => !LANE_ORDER.includes(lane)).sort()];
};
