import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** A span as a test needs it: who made it, where it sits in its trace, what it was. */
export type ReceivedSpan = Readonly<{
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** Start and end, milliseconds since the epoch (fractional). */
  startMs: number;
  endMs: number;
  /** The string attributes, e.g. `messaging.message.type`. */
  attributes: Readonly<Record<string, string>>;
}>;

export type OtlpReceiver = Readonly<{
  /** Give it to the apps as OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  endpoint: string;
  spans: ReceivedSpan[];
  close: () => Promise<void>;
}>;

type OtlpValue = { stringValue?: string };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpRequest = {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: OtlpValue }> };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano: string;
        endTimeUnixNano: string;
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
};

/**
 * A local OTLP/HTTP receiver for tests (JSON, what @opentelemetry/exporter-trace-otlp-http
 * sends), in the test process: every app exports to it, so a test sees the spans of all of
 * them, as a collector or Jaeger would. Loopback only, on a free port.
 */
export const startOtlpReceiver = async (): Promise<OtlpReceiver> => {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/traces') {
        response.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const payload = JSON.parse(body.toString('utf8')) as OtlpRequest;
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service =
          resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value
            .stringValue ?? 'unknown';
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            const { traceId, spanId, name, kind } = span;
            const parentSpanId = span.parentSpanId === '' ? undefined : span.parentSpanId;
            const ms = (nanos: string) => Number(BigInt(nanos) / 1_000n) / 1_000;
            const attributes = Object.fromEntries(
              (span.attributes ?? []).flatMap(({ key, value }) =>
                value.stringValue === undefined ? [] : [[key, value.stringValue]],
              ),
            );
            spans.push({
              ...{ service, traceId, spanId, parentSpanId, name, kind, attributes },
              startMs: ms(span.startTimeUnixNano),
              endMs: ms(span.endTimeUnixNano),
            });
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
