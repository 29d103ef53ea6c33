// Helpers for analytics-service's tests against the real Kafka and PostgreSQL. Each run gets its
// own consumer group, schema, SKUs and a UTC day of its own far in the future, so the shared
// topics (which other tests write to at the same time) never disturb what a test counts.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { KAFKA_TOPICS, kafkaDeadLetterTopic } from '@pattern-shop/contracts';
import { commitGroupOffsets } from '@pattern-shop/messaging-kafka';
import { LOCAL_INFRA } from '@pattern-shop/testing';

export { anOrder, lifeOf, type Order, produce } from './order-life.js';

export type AnalyticsRun = Readonly<{
  id: string;
  group: string;
  schema: string;
  day: Date;
  sku: (n: number) => string;
}>;

export const newRun = (): AnalyticsRun => {
  const id = randomBytes(4).toString('hex');
  // A day between 2100 and 2199 nobody else writes events for.
  const day = new Date(Date.UTC(2100, 0, 1) + Math.floor(Math.random() * 36_000) * 86_400_000);
  return {
    id,
    group: `analytics-test-${id}`,
    schema: `analytics_t_${id}`,
    day,
    sku: (n) => `T${id.toUpperCase()}-${n}`,
  };
};

export const kafkaFor = (brokers: string): Kafka =>
  new Kafka({
    clientId: 'analytics-test',
    brokers: [brokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
  });

/** Commits the group at the topics' current ends: the service under test reads only what comes next. */
export const startGroupAtEnd = async (
  kafka: Kafka,
  admin: Admin,
  group: string,
  topics = Object.values(KAFKA_TOPICS),
) => {
  const ends = await Promise.all(
    topics.map(async (topic) =>
      (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
        topic,
        partition,
        offset: high,
      })),
    ),
  );
  await commitGroupOffsets(kafka, group, ends.flat());
};

/** Deletes what a run created: its consumer groups, its dead-letter topic, its schemas. */
export const cleanUp = async (
  admin: Admin,
  databaseUrl: string,
  run: AnalyticsRun,
  extraGroups: string[] = [],
) => {
  await admin.deleteGroups([run.group, ...extraGroups]).catch(() => undefined);
  const topics = await admin.listTopics();
  const dlq = kafkaDeadLetterTopic(run.group);
  if (topics.includes(dlq)) await admin.deleteTopics({ topics: [dlq] }).catch(() => undefined);
  await query(databaseUrl, `DROP SCHEMA IF EXISTS "${run.schema}" CASCADE`);
  const leftovers = await query<{ nspname: string }>(
    databaseUrl,
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
    [`${run.schema}\\_%`],
  );
  for (const { nspname } of leftovers)
    await query(databaseUrl, `DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
};

export const query = async <Row = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
};

export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export const getJson = async <T>(
  baseUrl: string,
  path: string,
): Promise<{ status: number; contentType: string; body: T }> => {
  const response = await fetch(`${baseUrl}${path}`, {
    // The figures are the operators' (the operator scope); a test reads them as one.
    headers: { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` },
    signal: AbortSignal.timeout(5_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (await response.json()) as T,
  };
};

/** The run's day as the API's `from`/`to`. */
export const dayRange = (run: AnalyticsRun): string => {
  const next = new Date(run.day.getTime() + 86_400_000);
  return `from=${run.day.toISOString()}&to=${next.toISOString()}`;
};
