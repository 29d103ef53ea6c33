import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Logger } from '@pattern-shop/observability';
import type { JourneyMetrics } from './journey-metrics.js';
import { spansOfOtlpRequest } from './otlp-spans.js';
import type { SpanStore } from './span-store.js';

/** A batch larger than this is refused (413): the exporters send a few hundred spans at a time. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const bodyOf = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * OTLP/HTTP with JSON bodies (`POST /v1/traces`), the encoding of the services' exporter, on a
 * port of its own: the services' export stays off the app's Express stack, its body limit and its
 * request metrics. Protobuf is refused with 415, so a misconfigured exporter says so.
 */
export const startOtlpReceiver = async (
  settings: Readonly<{ host: string; port: number }>,
  store: SpanStore,
  logger: Logger,
  metrics: JourneyMetrics,
): Promise<Server> => {
  const server = createServer((request, response) => {
    const answer = (status: number, body: object) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/traces') {
      return void answer(404, {
        message: 'only POST /v1/traces (OTLP/HTTP JSON) is received here',
      });
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      metrics.exportAnswered('not_otlp_json');
      return void answer(415, { message: 'send OTLP/HTTP with JSON bodies (application/json)' });
    }
    bodyOf(request)
      .then((raw) => {
        if (raw === undefined) {
          metrics.exportAnswered('too_large');
          return answer(413, { message: `at most ${MAX_BODY_BYTES} bytes` });
        }
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const spans = spansOfOtlpRequest(JSON.parse(body.toString('utf8')) as unknown);
        store.add(spans);
        metrics.exportAnswered('accepted', spans.length);
        return answer(200, {});
      })
      .catch((error: unknown) => {
        logger.warn({ reason: String(error) }, 'unreadable OTLP export refused');
        metrics.exportAnswered('unreadable');
        answer(400, { message: 'not an OTLP/HTTP JSON export' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  logger.info(settings, 'receiving OTLP/HTTP traces for the journey view');
  return server;
};
