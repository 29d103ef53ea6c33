import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo, Server } from 'node:net';
import { Registry } from 'prom-client';
import { createLogger } from '@pattern-shop/observability';
import { journeyMetrics } from './journey-metrics.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { SpanStore } from './span-store.js';

const oneSpanExport = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'order-service' } }] },
      scopeSpans: [{ spans: [{ traceId: 't1', spanId: 's1', name: 'POST /orders' }] }],
    },
  ],
};

/** The receiver on a free loopback port, with its metrics in a registry of its own. */
describe('the journey receiver’s metrics', () => {
  const registry = new Registry();
  const store = new SpanStore({ maxSpans: 100, maxAgeMs: 60_000 }, () => 0);
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const metrics = journeyMetrics(registry, () => store.size);
    server = await startOtlpReceiver(
      { host: '127.0.0.1', port: 0 },
      store,
      createLogger('web', 'silent'),
      metrics,
    );
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (contentType: string, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const value = async (metric: string, outcome?: string): Promise<number | undefined> =>
    (await registry.getSingleMetric(metric)?.get())?.values.find(
      ({ labels }) => outcome === undefined || labels['outcome'] === outcome,
    )?.value;

  it('given nothing received yet, then every outcome is a series at 0', async () => {
    expect(await value('web_otlp_exports_total', 'not_otlp_json')).toBe(0);
    expect(await value('web_journey_spans_stored')).toBe(0);
  });

  it('given one export of one span, one in protobuf and one not JSON, then one is accepted with its span and each refusal counts by its reason', async () => {
    expect((await post('application/json', JSON.stringify(oneSpanExport))).status).toBe(200);
    expect((await post('application/x-protobuf', 'binary')).status).toBe(415);
    expect((await post('application/json', '{ not json')).status).toBe(400);

    expect({
      accepted: await value('web_otlp_exports_total', 'accepted'),
      notOtlpJson: await value('web_otlp_exports_total', 'not_otlp_json'),
      unreadable: await value('web_otlp_exports_total', 'unreadable'),
      spans: await value('web_otlp_spans_received_total'),
      stored: await value('web_journey_spans_stored'),
    }).toEqual({ accepted: 1, notOtlpJson: 1, unreadable: 1, spans: 1, stored: 1 });
  });
});
