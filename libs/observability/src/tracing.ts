import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

/**
 * W3C trace context through the brokers, by the messaging libraries themselves (automatic
 * instrumentation cannot follow a message that waits in an outbox table between the request
 * that wrote it and the relay that publishes it). Only the OpenTelemetry API: without the SDK
 * (tracing off, unit tests) every call is a cheap no-op.
 */
const tracer = () => trace.getTracer('@pattern-shop/messaging');

/** The active span's `traceparent`, to store with an outbox row at write time. */
export const activeTraceparent = (): string | undefined => {
  const span = trace.getSpanContext(context.active());
  if (span === undefined || !isSpanContextValid(span)) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
};

/** The trace id of the work in progress, for log lines. */
export const activeTraceIds = (): { traceId: string; spanId: string } | undefined => {
  const span = trace.getSpanContext(context.active());
  return span !== undefined && isSpanContextValid(span)
    ? { traceId: span.traceId, spanId: span.spanId }
    : undefined;
};

/** A header as text (AMQP headers may arrive as Buffers). */
const headerText = (
  headers: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined => {
  const value = headers?.[key];
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : undefined;
};

/** The message's correlation id on its span, so one order's spans can be found across traces. */
const withCorrelationId = (
  attributes: Attributes,
  headers: Readonly<Record<string, unknown>> | undefined,
): Attributes => {
  const correlationId = headerText(headers, 'correlation-id');
  return correlationId === undefined
    ? attributes
    : { 'messaging.message.conversation_id': correlationId, ...attributes };
};

/** Adds attributes to the span of the work in progress (a no-op without one). */
export const annotateActiveSpan = (attributes: Attributes): void => {
  trace.getActiveSpan()?.setAttributes(attributes);
};

/** The context a message's headers carry (AMQP headers may arrive as Buffers). */
export const contextFromHeaders = (
  headers: Readonly<Record<string, unknown>> | undefined,
): Context =>
  propagation.extract(ROOT_CONTEXT, headers ?? {}, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => headerText(carrier, key),
  });

/**
 * The relay's side: a PRODUCER span under the context stored with the row, and the row's headers
 * naming that span as the parent of whatever consumes the message.
 */
export const startProducerSpan = (
  name: string,
  headers: Readonly<Record<string, string>>,
  attributes: Attributes,
): { span: Span; headers: Record<string, string> } => {
  const parent = contextFromHeaders(headers);
  const span = tracer().startSpan(
    name,
    { kind: SpanKind.PRODUCER, attributes: withCorrelationId(attributes, headers) },
    parent,
  );
  const out: Record<string, string> = { ...headers };
  propagation.inject(trace.setSpan(parent, span), out);
  return { span, headers: out };
};

/** Ends a span, marking it failed when `error` is given. */
export const endSpan = (span: Span, error?: unknown): void => {
  if (error !== undefined) {
    const failure = error instanceof Error ? error : new Error(String(error));
    span.recordException(failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  span.end();
};

/** The consumer's side: `work` runs in a CONSUMER span that continues the message's trace. */
export const inConsumerSpan = <T>(
  name: string,
  headers: Readonly<Record<string, unknown>> | undefined,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> =>
  tracer().startActiveSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes: withCorrelationId(attributes, headers) },
    contextFromHeaders(headers),
    async (span) => {
      try {
        const result = await work();
        endSpan(span);
        return result;
      } catch (error) {
        endSpan(span, error);
        throw error;
      }
    },
  );

/**
 * A CONSUMER span for a message handled as part of a batch (one transaction for many messages):
 * it continues the message's trace without becoming the active span of the batch's work.
 */
export const startConsumerSpan = (
  name: string,
  headers: Readonly<Record<string, unknown>> | undefined,
  attributes: Attributes,
): Span =>
  tracer().startSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes: withCorrelationId(attributes, headers) },
    contextFromHeaders(headers),
  );

/** Flushes and stops the SDK, if `register` started one; bounded, and never throws. */
export const shutdownTracing = async (timeoutMs = 2_000): Promise<void> => {
  const provider = (globalThis as { [TRACING_PROVIDER]?: { shutdown: () => Promise<void> } })[
    TRACING_PROVIDER
  ];
  if (provider === undefined) return;
  await Promise.race([
    provider.shutdown().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
  ]);
};

/** Where `register` leaves the SDK's provider for `shutdownTracing`. */
export const TRACING_PROVIDER = Symbol.for('pattern-shop.tracing-provider');
