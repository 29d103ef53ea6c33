// Rebuilds analytics-service's projections from the Kafka streams into fresh tables and swaps them
// in when caught up; the live service keeps answering meanwhile (pattern 4).
// Usage: npm run analytics:replay -- --from earliest|<ISO timestamp>
// Progress goes to stderr; the last stdout line is a JSON summary (the benchmark reads it).
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createKafkaClient } from '@pattern-shop/messaging-kafka';
import { createLogger } from '@pattern-shop/observability';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { ConfigError } from '@pattern-shop/platform';
import { loadAnalyticsServiceConfig } from '../analytics-service.config.js';
import { ANALYTICS_MIGRATIONS } from '../persistence/migrations/index.js';
import { progressBar } from './progress-bar.js';
import { replayProjections } from './replay-projections.js';

const USAGE =
  'usage: analytics:replay -- --from earliest|<ISO timestamp, e.g. 2026-11-23T00:00:00Z>';

/** Without settings, the local development stack of infra/local (as the service runs there). */
const LOCAL_DEFAULTS = {
  DATABASE_URL: 'postgres://analytics_service:analytics_service_dev@127.0.0.1:5432/analytics',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

export const parseFrom = (args: readonly string[]): 'earliest' | Date | undefined => {
  const at = args.indexOf('--from');
  const value = at < 0 ? undefined : args[at + 1];
  if (value === undefined) return undefined;
  if (value === 'earliest') return 'earliest';
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime()) ? date : undefined;
};

const main = async (): Promise<number> => {
  const from = parseFrom(process.argv.slice(2));
  if (from === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  const config = loadAnalyticsServiceConfig({
    ...LOCAL_DEFAULTS,
    LOG_LEVEL: 'warn',
    ...process.env,
  });
  const logger = createLogger('analytics-replay', config.LOG_LEVEL, process.stderr);
  const options = dataSourceOptions({
    url: config.DATABASE_URL,
    applicationName: 'analytics-replay',
    migrations: ANALYTICS_MIGRATIONS,
    pool: { max: 8 },
  });
  const dataSource = await new DataSource(options).initialize();
  const kafka = createKafkaClient({
    clientId: 'analytics-replay',
    brokers: config.KAFKA_BROKERS,
    logger,
  });
  let bar: ReturnType<typeof progressBar> | undefined;
  try {
    const result = await replayProjections({
      dataSource,
      kafka,
      logger,
      liveSchema: config.ANALYTICS_SCHEMA,
      consumerGroup: config.ANALYTICS_CONSUMER_GROUP,
      topics: config.ANALYTICS_TOPICS,
      from,
      runId: `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`,
      onProgress: (done, total) => (bar ??= progressBar(process.stderr, total)).update(done),
    });
    bar ??= progressBar(process.stderr, result.total);
    bar.finish(result.events, 'swapped in');
    const eventsPerSecond =
      result.applySeconds > 0 ? Math.round(result.events / result.applySeconds) : null;
    process.stdout.write(
      `${JSON.stringify({ ...result, eventsPerSecond, schema: config.ANALYTICS_SCHEMA })}\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? error.stack
          : String(error);
    process.stderr.write(`replay failed: ${message}\n`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  },
);
