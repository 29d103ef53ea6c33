import type { AttributeValue, StoredSpan } from './otlp-spans.js';
import type { HopMessage } from './journey-hop.js';

/** Reading what the services put on their spans (libs/observability, libs/messaging). Pure. */
export const text = (span: StoredSpan, key: string): string | undefined => {
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

export const messageOf = (span: StoredSpan | undefined): HopMessage | undefined =>
  span === undefined
    ? undefined
    : {
        type: text(span, 'messaging.message.type'),
        messageId: text(span, 'messaging.message.id'),
        correlationId: text(span, 'messaging.message.conversation_id'),
        headers: parsed(text(span, 'shop.message.headers')) as Record<string, unknown> | undefined,
        envelope: parsed(text(span, 'shop.message.envelope')),
      };

export const brokerOf = (span: StoredSpan): string =>
  text(span, 'messaging.system') === 'kafka' ? 'Kafka' : 'RabbitMQ';

export const pick = (span: StoredSpan, keys: readonly string[]): Record<string, AttributeValue> =>
  Object.fromEntries(
    keys.flatMap((key) =>
      key in span.attributes ? [[key, span.attributes[key] as AttributeValue]] : [],
    ),
  );

/** "attempt N" once a delivery is known to be a retry or failed; a first success says nothing. */
export const deliveryNote = (span: StoredSpan): string => {
  const outcome = text(span, 'shop.delivery.outcome') ?? 'handled';
  const failedBefore = Number(text(span, 'shop.delivery.failed_attempts') ?? Number.NaN);
  const attempt = Number.isNaN(failedBefore) ? undefined : `attempt ${failedBefore + 1}`;
  const notes = [
    ...(attempt !== undefined && (failedBefore > 0 || outcome !== 'handled') ? [attempt] : []),
    ...(outcome === 'handled' ? [] : [outcome.replace('_', ' ')]),
  ];
  return notes.length === 0 ? '' : ` (${notes.join(', ')})`;
};
