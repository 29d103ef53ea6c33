import type { HopDraft, HopPattern } from './journey-hop.js';
import type { StoredSpan } from './otlp-spans.js';
import { brokerOf, deliveryNote, messageOf, pick, text } from './span-attributes.js';
import {
  availabilityDetails,
  availabilityNote,
  availabilityOf,
  callsInventory,
  skippedAvailabilityHop,
} from './availability-hops.js';

/** Which pattern a destination or a consumed queue belongs to. */
export const patternOfDestination = (span: StoredSpan): [HopPattern, number] => {
  const destination = text(span, 'messaging.destination.name') ?? '';
  if (text(span, 'messaging.system') === 'kafka') return ['event-stream', 4];
  if (destination === 'shop.commands' || /\.commands$|saga-replies$/.test(destination)) {
    return ['work-queue', 2];
  }
  return ['pub-sub', 3];
};

/** What a Kafka record moved, as analytics-service named it: ` → order_facts, daily_totals`. */
const projectionNote = (span: StoredSpan): string => {
  const names = text(span, 'shop.projections');
  if (names === undefined) return '';
  return names === 'none' ? ' (moved no projection)' : ` → ${names.split(',').join(', ')}`;
};

const base = (span: StoredSpan) => ({
  id: span.spanId,
  startMs: span.startMs,
  durationMs: Math.max(0, span.endMs - span.startMs),
  failed: span.failed,
});

const requestHop = (
  span: StoredSpan,
  from: string,
  to: string,
  availability?: StoredSpan,
): HopDraft => {
  const status = text(span, 'http.response.status_code');
  return {
    ...base(span),
    pattern: 'request-response',
    patternNumber: 1,
    from,
    to,
    label: `${text(span, 'http.route') ?? span.name}${status === undefined ? '' : ` → ${status}`}${availabilityNote(availability)}`,
    details: {
      ...pick(span, ['http.request.method', 'url.full', 'http.route']),
      ...availabilityDetails(availability),
    },
    message: undefined,
  };
};

/** The hops one span stands for: none for SQL and internal spans. */
export const hopsOfSpan = (
  span: StoredSpan,
  byId: ReadonlyMap<string, StoredSpan>,
  all: readonly StoredSpan[],
): HopDraft[] => {
  const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  switch (span.kind) {
    case 2: {
      // A server span under a client span is the far end of that call, drawn by the client's hop.
      if (parent?.kind === 3) return [];
      const availability = availabilityOf(span, all);
      return [
        requestHop(span, 'customer', span.service, availability),
        ...skippedAvailabilityHop(span, availability, all),
      ];
    }
    case 3: {
      if (text(span, 'http.request.method') === undefined) return [];
      const callee = all.find((s) => s.parentSpanId === span.spanId && s.kind === 2);
      const to = callee?.service ?? text(span, 'server.address') ?? 'downstream';
      const guarded = to === 'inventory-service' || callsInventory(span, all);
      return [
        requestHop(
          span,
          span.service,
          guarded ? 'inventory-service' : to,
          guarded ? availabilityOf(span, all) : undefined,
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
      const consumed: HopDraft = {
        ...base(span),
        pattern,
        patternNumber: number,
        from: brokerOf(span),
        to: span.service,
        label: `${queue}: ${type}${deliveryNote(span)}${projectionNote(span)}`,
        failed: span.failed || (outcome !== undefined && outcome !== 'handled'),
        details: pick(span, [
          'messaging.destination.name',
          'messaging.destination.partition.id',
          'messaging.kafka.offset',
          'shop.delivery.outcome',
          'shop.delivery.failed_attempts',
          'shop.projections',
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
