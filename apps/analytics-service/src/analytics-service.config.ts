import { Cron } from 'croner';
import { z } from 'zod';
import { KAFKA_TOPICS, SERVICES } from '@pattern-shop/contracts';
import {
  baseConfigShape,
  env,
  parseConfig,
  scopedTokensShape,
  kafkaLoginShape,
} from '@pattern-shop/platform';

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a lower-case SQL identifier of at most 31 characters');

/** A cron expression (5 or 6 fields, read in UTC), refused at start when croner cannot parse it. */
const cronExpression = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((pattern) => {
      try {
        new Cron(pattern, { paused: true, timezone: 'UTC' }).stop();
        return true;
      } catch {
        return false;
      }
    }, 'must be a cron expression such as "0 2 * * *"');

/** Every setting analytics-service (and its replay and batch commands) reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['analytics-service'].port),
  DATABASE_URL: env.postgresUrl(),
  KAFKA_BROKERS: env.brokerList(),
  ...kafkaLoginShape(),
  /**
   * The consumer group; its dead letters go to `<group>.dlq`. Tests use their own group. The
   * service's Kafka user may use only groups (and topics) whose names start with `analytics`.
   */
  ANALYTICS_CONSUMER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be a Kafka group id (letters, digits, . _ -)')
    .default('analytics'),
  /** The PostgreSQL schema the projections live in; a replay swaps a fresh one in under it. */
  ANALYTICS_SCHEMA: identifier.default('analytics'),
  /** The streams read; a benchmark points this at its own topics. */
  ANALYTICS_TOPICS: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$/, 'must be topic[,topic...]')
    .default(Object.values(KAFKA_TOPICS).join(','))
    .transform((value) => value.split(',')),
  /** No heartbeat for this long and the group gives this instance's partitions to another. */
  KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30_000).pipe(z.number().min(6_000).max(300_000)),
  KAFKA_HEARTBEAT_INTERVAL_MS: env.positiveInt(3_000),
  /** Partitions applied at the same time by one instance (one transaction each). */
  ANALYTICS_PARTITIONS_CONCURRENTLY: env.positiveInt(3).pipe(z.number().max(18)),
  /**
   * Fault injection for the failure lab and its test: crash (SIGKILL) right after the projection
   * transaction that applied this order's facts committed, before the offset commit.
   */
  ANALYTICS_CRASH_AFTER_APPLYING_ORDER: z.uuid().optional(),
  /** The nightly jobs (pattern 7) read each service's `GET /reconciliation/daily`, never its tables. */
  ORDER_SERVICE_URL: env.httpUrl(),
  PAYMENT_SERVICE_URL: env.httpUrl(),
  PAYMENT_PROVIDER_URL: env.httpUrl(),
  INVENTORY_URL: env.httpUrl(),
  /** SERVICE_TOKEN is sent to those endpoints; OPERATOR_TOKEN guards figures, runs, reports. */
  ...scopedTokensShape(),
  /** One page request to a service; a slower one is retried, then the run fails. */
  BATCH_SOURCE_TIMEOUT_MS: env.positiveInt(10_000),
  /** Off where a Kubernetes CronJob runs the command instead (the same code). */
  BATCH_JOBS_SCHEDULED: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  /** When each job runs, in UTC; each covers the UTC day before. */
  RECONCILIATION_SCHEDULE: cronExpression('0 2 * * *'),
  SALES_REPORT_SCHEDULE: cronExpression('15 2 * * *'),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms(['no-inbox']),
});

export type AnalyticsServiceConfig = z.infer<typeof schema>;

export const loadAnalyticsServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): AnalyticsServiceConfig => parseConfig(schema, source);

/** Injection token of the validated configuration. */
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
