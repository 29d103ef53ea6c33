import type { KeyObject } from 'node:crypto';
import type { DynamicModule, InjectionToken } from '@nestjs/common';
import { DataSource, type MigrationInterface } from 'typeorm';
import type { Logger, Registry } from '@pattern-shop/observability';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KAFKA_IDENTITIES } from '@pattern-shop/contracts';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import {
  databaseProbe,
  PersistenceModule,
  type PersistenceOptions,
} from '@pattern-shop/persistence';
import { kafkaLoginOf, PlatformModule, type WeakMechanism } from '@pattern-shop/platform';
import { OutboxMigrations } from './outbox.migrations.js';
import { OutboxModule } from './outbox.module.js';

/** The settings every service that writes through the outbox reads from its configuration. */
export type OutboxServiceConfig = Readonly<{
  DATABASE_URL: string;
  RABBITMQ_URL: string;
  RABBITMQ_MANAGEMENT_URL?: string | undefined;
  KAFKA_BROKERS: readonly string[];
  /** The service's own Kafka user, allowed only its own topics (docs/security.md). */
  KAFKA_USERNAME: string;
  KAFKA_PASSWORD: string;
  WEAK_MECHANISMS: readonly WeakMechanism[];
  /** Signs every message the relay puts on RabbitMQ (docs/security.md). */
  MESSAGE_SIGNING_PRIVATE_KEY: KeyObject;
}>;

export type OutboxServiceOptions = Readonly<{
  service: string;
  config: OutboxServiceConfig;
  logger: Logger;
  metrics: Registry;
  /** The service's own migrations; the outbox's and the inbox's run before them. */
  migrations: readonly (new () => MigrationInterface)[];
  /** The queues whose depth, age and dead letters the service's `/metrics` reports. */
  monitoredQueues: readonly string[];
  pool?: PersistenceOptions['pool'];
  /** More modules in the same place, e.g. a second pool as a bulkhead. */
  more?: DynamicModule[];
  /** The pool `/health/ready` checks; the default one unless the service names another. */
  readyWhen?: InjectionToken;
}>;

/**
 * What a service that answers over RabbitMQ and Kafka through the outbox stands on: its database
 * (migrations at start, the outbox's and inbox's tables first), RabbitMQ with the chaos lab's weak
 * switches and a monitor of its queues, Kafka, the outbox relay, and health over all three.
 */
export const outboxServiceModules = ({
  service,
  config,
  logger,
  metrics,
  migrations,
  monitoredQueues,
  pool,
  more = [],
  readyWhen = DataSource,
}: OutboxServiceOptions): DynamicModule[] => [
  PersistenceModule.forRoot({
    url: config.DATABASE_URL,
    applicationName: service,
    migrations: [...OutboxMigrations, ...InboxMigrations, ...migrations],
    ...(pool === undefined ? {} : { pool }),
  }),
  ...more,
  RabbitMqModule.forRoot({
    url: config.RABBITMQ_URL,
    connectionName: service,
    logger,
    subscriptionDefaults: {
      service,
      ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
      unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
    },
    queueMonitor: {
      managementUrl: config.RABBITMQ_MANAGEMENT_URL,
      queues: monitoredQueues,
      registry: metrics,
    },
  }),
  KafkaModule.forRoot({
    clientId: service,
    brokers: config.KAFKA_BROKERS,
    login: kafkaLoginOf(config),
    logger,
    topics: topicsOwnedBy(service),
  }),
  OutboxModule.forRoot({
    service,
    metrics,
    logger,
    signer: { service, privateKey: config.MESSAGE_SIGNING_PRIVATE_KEY },
  }),
  PlatformModule.forRoot({
    logger,
    metrics,
    readiness: {
      inject: [readyWhen, RabbitConnection, KafkaProbe],
      useFactory: (database: DataSource, rabbit: RabbitConnection, kafka: KafkaProbe) => [
        databaseProbe(database),
        rabbitMqProbe(rabbit),
        kafka,
      ],
    },
  }),
];

/** The topics a service creates at start: its own; its Kafka user may not create others'. */
const topicsOwnedBy = (service: string) => {
  const owns = KAFKA_IDENTITIES.find((identity) => identity.user === service)?.owns ?? [];
  return SYSTEM_KAFKA_TOPICS.filter(({ topic }) => owns.includes(topic));
};
