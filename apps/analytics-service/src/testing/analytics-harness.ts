// Shared set-up of analytics-service's integration tests and of the event-streams end-to-end
// test. One run: its own group, schema and day; the services it started; its clean-up.
import type { Admin } from 'kafkajs';
import {
  ensureKafkaTopics,
  IdempotentProducer,
  SYSTEM_KAFKA_TOPICS,
} from '@pattern-shop/messaging-kafka';
import { LOCAL_INFRA, localEnvironment, ServiceProcess, waitFor } from '@pattern-shop/testing';
import {
  type AnalyticsRun,
  cleanUp,
  freePort,
  kafkaFor,
  newRun,
  startGroupAtEnd,
} from './analytics-stream-kit.js';

export type AnalyticsHarness = {
  readonly run: AnalyticsRun;
  readonly databaseUrl: string;
  readonly kafka: ReturnType<typeof kafkaFor>;
  readonly admin: Admin;
  readonly producer: IdempotentProducer;
  /** Creates the event topics if missing, connects, and commits the run's group at the topics' ends (only new events count). */
  setUp: () => Promise<void>;
  /** An analytics-service process on a free port, reading with the run's group and schema. */
  startService: (env?: Record<string, string>) => Promise<ServiceProcess>;
  tearDown: (extraGroups?: string[]) => Promise<void>;
};

export const analyticsHarness = (): AnalyticsHarness => {
  const run = newRun();
  const kafka = kafkaFor(LOCAL_INFRA.kafkaBrokers);
  const databaseUrl = localEnvironment('analytics-service')['DATABASE_URL'] as string;
  const started: ServiceProcess[] = [];
  const harness: AnalyticsHarness = {
    run,
    databaseUrl,
    kafka,
    admin: kafka.admin(),
    producer: new IdempotentProducer(kafka),
    setUp: async () => {
      // On a fresh broker nothing may have created the event topics yet (the services do, as
      // they start): create them the way the services do, so the suite does not depend on order.
      await ensureKafkaTopics(kafka, SYSTEM_KAFKA_TOPICS);
      await harness.admin.connect();
      await startGroupAtEnd(kafka, harness.admin, run.group);
    },
    startService: async (env = {}) => {
      const service = ServiceProcess.start('analytics-service', {
        PORT: String(await freePort()),
        ANALYTICS_CONSUMER_GROUP: run.group,
        ANALYTICS_SCHEMA: run.schema,
        ...env,
      });
      started.push(service);
      return service;
    },
    tearDown: async (extraGroups = []) => {
      await Promise.all(started.map((service) => service.stop()));
      // A killed member stays in the group until its session times out; only then may it go.
      await waitFor(
        'the test consumer groups to be deleted',
        async () => {
          await harness.admin.deleteGroups([run.group, ...extraGroups]);
          return true;
        },
        { timeoutMs: 45_000, intervalMs: 1_000 },
      ).catch(() => undefined);
      await harness.producer.close();
      await cleanUp(harness.admin, databaseUrl, run, extraGroups);
      await harness.admin.disconnect();
    },
  };
  return harness;
};
