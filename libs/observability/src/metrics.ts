import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export { Registry } from 'prom-client';

/**
 * A registry per service (never prom-client's global one) so that tests can run several
 * services in one process and each `/metrics` shows only its own series.
 */
export const createMetricsRegistry = (service: string): Registry => {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // prom-client samples event-loop delay every 10 ms by default, 100 wake-ups a second at rest;
  // at 200 ms any stall longer than that still shows (docs/benchmarks.md, "At rest").
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 200 });
  return registry;
};

export const createHttpRequestDuration = (registry: Registry): Histogram<string> =>
  new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
