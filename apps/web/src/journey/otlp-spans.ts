/**
 * Spans as the journey view keeps them, decoded from OTLP/HTTP JSON: what
 * `@opentelemetry/exporter-trace-otlp-http` sends (the services' exporter,
 * libs/observability/src/register.ts). Pure: no I/O.
 */
export type AttributeValue = string | number | boolean;

export type StoredSpan = Readonly<{
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Milliseconds since the epoch (fractional). */
  startMs: number;
  endMs: number;
  failed: boolean;
  statusMessage: string | undefined;
  attributes: Readonly<Record<string, AttributeValue>>;
}>;

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type OtlpAttribute = { key?: string; value?: OtlpValue };
type OtlpSpan = {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number; message?: string };
};
type OtlpRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
};

const valueOf = (value: OtlpValue | undefined): AttributeValue | undefined => {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.boolValue;
};

const attributesOf = (list: readonly OtlpAttribute[] | undefined): Record<string, AttributeValue> =>
  Object.fromEntries(
    (list ?? []).flatMap(({ key, value }) => {
      const decoded = valueOf(value);
      return key === undefined || decoded === undefined ? [] : [[key, decoded]];
    }),
  );

const millis = (nanos: string | number | undefined): number =>
  nanos === undefined ? 0 : Number(BigInt(nanos) / 1_000n) / 1_000;

/** Every well-formed span of one export request; a malformed one is skipped, not fatal. */
export const spansOfOtlpRequest = (payload: unknown): StoredSpan[] => {
  const request = (typeof payload === 'object' && payload !== null ? payload : {}) as OtlpRequest;
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = attributesOf(resourceSpans.resource?.attributes)['service.name'];
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).flatMap((span): StoredSpan[] => {
        const { traceId, spanId, name } = span;
        if (traceId === undefined || spanId === undefined || name === undefined) return [];
        return [
          {
            service: typeof service === 'string' ? service : 'unknown',
            traceId,
            spanId,
            parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
            name,
            kind: span.kind ?? 0,
            startMs: millis(span.startTimeUnixNano),
            endMs: millis(span.endTimeUnixNano),
            failed: span.status?.code === 2,
            statusMessage: span.status?.message === '' ? undefined : span.status?.message,
            attributes: attributesOf(span.attributes),
          },
        ];
      }),
    );
  });
};
