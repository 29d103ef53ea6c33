import type { AttributeValue, StoredSpan } from './otlp-spans.js';

/** The seven patterns of DESIGN.md, plus the outbox every message leaves through. */
export type HopPattern =
  'request-response' | 'outbox' | 'work-queue' | 'pub-sub' | 'event-stream' | 'saga' | 'real-time';

/** What crossed a hop, as the relay's publish span recorded it. */
export type HopMessage = Readonly<{
  type: string | undefined;
  messageId: string | undefined;
  correlationId: string | undefined;
  headers: Readonly<Record<string, unknown>> | undefined;
  envelope: unknown;
}>;

export type JourneyHop = Readonly<{
  id: string;
  pattern: HopPattern;
  /** DESIGN.md's number of the pattern the hop belongs to (an outbox row: its destination's). */
  patternNumber: number;
  from: string;
  to: string;
  label: string;
  at: string;
  /** Since the journey's first hop. */
  afterMs: number;
  durationMs: number;
  failed: boolean;
  details: Readonly<Record<string, AttributeValue>>;
  message: HopMessage | undefined;
}>;

/** One entry of order-service's saga step log (GET /sagas/:orderId). */
export type SagaStepEntry = Readonly<{
  at: string;
  input: string;
  from: string | null;
  to: string;
  note: string | null;
  causedBy: string | null;
}>;

type Draft = Omit<JourneyHop, 'afterMs' | 'at'> & { startMs: number };

const text = (span: StoredSpan, key: string): string | undefined => {
  const value = span.attributes[key];
  return value === undefined ? undefined : String(value);
};

const parsed = (json: string | undefined): unknown => {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
};

const messageOf = (span: StoredSpan | undefined): HopMessage | undefined =>
  span === undefined
    ? undefined
    : {
        type: text(span, 'messaging.message.type'),
        messageId: text(span, 'messaging.message.id'),
        correlationId: text(span, 'messaging.message.conversation_id'),
        headers: parsed(text(span, 'shop.message.headers')) as Record<string, unknown> | undefined,
        envelope: parsed(text(span, 'shop.message.envelope')),
      };

const brokerOf = (span: StoredSpan): string =>
  text(span, 'messaging.system') === 'kafka' ? 'Kafka' : 'RabbitMQ';

/** Which pattern a destination or a consumed queue belongs to. */
export const patternOfDestination = (span: StoredSpan): [HopPattern, number] => {
  const destination = text(span, 'messaging.destination.name') ?? '';
  if (text(span, 'messaging.system') === 'kafka') return ['event-stream', 4];
  if (destination === 'shop.commands' || /\.commands$|saga-replies$/.test(destination)) {
    return ['work-queue', 2];
  }
  return ['pub-sub', 3];
};

const base = (span: StoredSpan) => ({
  id: span.spanId,
  startMs: span.startMs,
  durationMs: Math.max(0, span.endMs - span.startMs),
  failed: span.failed,
});

const requestHop = (span: StoredSpan, from: string, to: string, extra: object): Draft => {
  const status = text(span, 'http.response.status_code');
  return {
    ...base(span),
    pattern: 'request-response',
    patternNumber: 1,
    from,
    to,
    label: `${text(span, 'http.route') ?? span.name}${status === undefined ? '' : ` → ${status}`}`,
    details: { ...pick(span, ['http.request.method', 'url.full', 'http.route']), ...extra },
    message: undefined,
  };
};

const pick = (span: StoredSpan, keys: readonly string[]): Record<string, AttributeValue> =>
  Object.fromEntries(
    keys.flatMap((key) =>
      key in span.attributes ? [[key, span.attributes[key] as AttributeValue]] : [],
    ),
  );

/** The hops one span stands for: none for SQL and internal spans. */
const hopsOfSpan = (
  span: StoredSpan,
  byId: ReadonlyMap<string, StoredSpan>,
  all: readonly StoredSpan[],
): Draft[] => {
  const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  switch (span.kind) {
    case 2: {
      // A server span under a client span is the far end of that call, drawn by the client's hop.
      if (parent?.kind === 3) return [];
      const availability = all.find(
        (s) => s.traceId === span.traceId && 'shop.availability.source' in s.attributes,
      );
      const extra =
        availability === undefined
          ? {}
          : pick(availability, ['shop.availability.source', 'shop.availability.breaker']);
      return [requestHop(span, 'customer', span.service, extra)];
    }
    case 3: {
      if (text(span, 'http.request.method') === undefined) return [];
      const callee = all.find((s) => s.parentSpanId === span.spanId && s.kind === 2);
      const to = callee?.service ?? text(span, 'server.address') ?? 'downstream';
      const availability = all.find(
        (s) => s.traceId === span.traceId && 'shop.availability.source' in s.attributes,
      );
      const guarded = to === 'inventory-service' && availability !== undefined;
      return [
        requestHop(
          span,
          span.service,
          to,
          guarded
            ? pick(availability, ['shop.availability.source', 'shop.availability.breaker'])
            : {},
        ),
      ];
    }
    case 4: {
      const [, number] = patternOfDestination(span);
      const destination = text(span, 'messaging.destination.name') ?? '';
      return [
        {
          ...base(span),
          pattern: 'outbox',
          patternNumber: number,
          from: span.service,
          to: brokerOf(span),
          label: `outbox → ${destination}: ${text(span, 'messaging.message.type') ?? 'message'}${span.failed ? ' (not confirmed)' : ' (confirmed)'}`,
          details: pick(span, [
            'messaging.destination.name',
            'messaging.destination.routing_key',
            'shop.outbox.attempts',
          ]),
          message: messageOf(span),
        },
      ];
    }
    case 5: {
      const [pattern, number] = patternOfDestination(span);
      const queue = text(span, 'messaging.destination.name') ?? span.name;
      const message = messageOf(parent?.kind === 4 ? parent : undefined) ?? messageOf(span);
      const outcome = text(span, 'shop.delivery.outcome');
      const type = message?.type ?? text(span, 'messaging.message.type') ?? 'message';
      const consumed: Draft = {
        ...base(span),
        pattern,
        patternNumber: number,
        from: brokerOf(span),
        to: span.service,
        label: `${queue}: ${type}${outcome === undefined || outcome === 'handled' ? '' : ` (${outcome.replace('_', ' ')})`}`,
        failed: span.failed || outcome === 'dead_lettered' || outcome === 'retried',
        details: pick(span, [
          'messaging.destination.name',
          'messaging.destination.partition.id',
          'messaging.kafka.offset',
          'shop.delivery.outcome',
          'shop.delivery.failed_attempts',
        ]),
        message,
      };
      if (span.service === 'realtime-gateway') {
        return [
          consumed,
          {
            ...consumed,
            id: `${span.spanId}-push`,
            pattern: 'real-time',
            patternNumber: 6,
            from: span.service,
            to: 'browser',
            label: `push: ${type}`,
            startMs: span.endMs,
            durationMs: 0,
          },
        ];
      }
      if (span.service === 'email-service') {
        return [
          consumed,
          {
            ...consumed,
            id: `${span.spanId}-mail`,
            from: span.service,
            to: 'SMTP',
            label: `mail for ${type}`,
            startMs: span.endMs,
            durationMs: 0,
          },
        ];
      }
      return [consumed];
    }
    default:
      return [];
  }
};

const sagaHop = (step: SagaStepEntry, index: number): Draft => ({
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
