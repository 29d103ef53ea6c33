// Starts OpenTelemetry tracing when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT
// or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); otherwise does nothing and the API stays a no-op.
// Must run before the app's own modules are imported: each app's main.ts awaits this module,
// then imports the rest, so the loader hook is in place when http, express and pg load (a
// static import would be linked too late). Spans for HTTP in and out (fetch too), Express
// routes and PostgreSQL come from the instrumentations; the messaging libraries add the publish
// and consume spans themselves (tracing.ts), since a message waits in the outbox between them.
import { register as registerLoader } from 'node:module';
import { TRACING_PROVIDER } from './tracing.js';

const endpoint =
  process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];

/** `apps/<service>/dist/main.js` names the service, unless OTEL_SERVICE_NAME does. */
const serviceName = (): string =>
  process.env['OTEL_SERVICE_NAME'] ??
  /apps\/([^/]+)\/dist\//.exec(process.argv[1] ?? '')?.[1] ??
  'pattern-shop';

if (endpoint !== undefined && endpoint !== '') {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  registerLoader('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
  const { ExpressInstrumentation } = await import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
  const { RedactingSpanProcessor } = await import('./redacting-span-processor.js');

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName() }),
    spanProcessors: [new RedactingSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter()))],
  });
  provider.register(); // AsyncLocalStorage context, W3C traceparent and baggage propagation
  // Probes and scrapes every few seconds would bury the traces of real work.
  const quiet = new Set(['/health/live', '/health/ready', '/metrics']);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => quiet.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      // A fetch outside any span is a monitor's or a poll's (queue depths every 5 s): no journey.
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new ExpressInstrumentation({ ignoreLayersType: ['middleware' as never] }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  await waitForAllMessagesAcknowledged();
  (globalThis as Record<symbol, unknown>)[TRACING_PROVIDER] = provider;
}
