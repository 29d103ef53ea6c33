import type { HopDraft } from './journey-hop.js';
import type { StoredSpan } from './otlp-spans.js';
import { pick, text } from './span-attributes.js';

const AVAILABILITY_KEYS = ['shop.availability.source', 'shop.availability.breaker'];

/** The span order-service marked with where an order's prices came from, if the trace has one. */
export const availabilityOf = (
  span: StoredSpan,
  all: readonly StoredSpan[],
): StoredSpan | undefined =>
  all.find((s) => s.traceId === span.traceId && 'shop.availability.source' in s.attributes);

export const availabilityDetails = (availability: StoredSpan | undefined) =>
  availability === undefined ? {} : pick(availability, AVAILABILITY_KEYS);

/** Said in the label, not only in the details, so a fallback to the replica shows in the list. */
export const availabilityNote = (availability: StoredSpan | undefined): string =>
  availability === undefined
    ? ''
    : ` (prices from ${text(availability, 'shop.availability.source') ?? '?'}, breaker ${text(availability, 'shop.availability.breaker') ?? '?'})`;

/** A client span of the guarded call: by its URL, or by the inventory-service span under it. */
export const callsInventory = (span: StoredSpan, all: readonly StoredSpan[]): boolean =>
  span.kind === 3 &&
  text(span, 'http.request.method') !== undefined &&
  (/\/availability\b/.test(text(span, 'url.full') ?? '') ||
    all.some((s) => s.parentSpanId === span.spanId && s.service === 'inventory-service'));

/**
 * An open breaker refuses the call without making it, so no client span stands for it: the
 * request's hop is followed by one that says the call was skipped and the replica priced it.
 */
export const skippedAvailabilityHop = (
  request: StoredSpan,
  availability: StoredSpan | undefined,
  all: readonly StoredSpan[],
): HopDraft[] => {
  if (availability === undefined || text(availability, 'shop.availability.source') !== 'replica') {
    return [];
  }
  if (all.some((s) => s.traceId === request.traceId && callsInventory(s, all))) return [];
  return [
    {
      id: `${request.spanId}-availability-skipped`,
      pattern: 'request-response',
      patternNumber: 1,
      from: request.service,
      to: 'inventory-service',
      label: `availability not called${availabilityNote(availability)}`,
      startMs: availability.startMs,
      durationMs: 0,
      failed: true,
      details: availabilityDetails(availability),
      message: undefined,
    },
  ];
};
