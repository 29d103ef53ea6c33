import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { ADMIN_TOKEN, PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import type { PaymentServiceConfig } from './payment-service.config.js';
import { PAYMENT_MIGRATIONS } from './persistence/migrations/index.js';

/**
 * What payment-service runs on: its database (with the outbox and inbox tables), RabbitMQ,
 * Kafka, the outbox relay, health and metrics, and the staff token. Global, so each use-case
 * module only declares its own controllers, handlers and consumers.
 */
@Module({})
export class InfrastructureModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<PaymentServiceConfig>): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'payment-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...PAYMENT_MIGRATIONS],
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'payment-service',
          logger,
          subscriptionDefaults: {
            service: 'payment-service',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
            unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            queues: [QUEUES.paymentCommands],
            registry: metrics,
          },
        }),
        KafkaModule.forRoot({
          clientId: 'payment-service',
          brokers: config.KAFKA_BROKERS,
          logger,
          topics: SYSTEM_KAFKA_TOPICS,
        }),
        OutboxModule.forRoot({ service: 'payment-service', metrics, logger }),
        PlatformModule.forRoot({
          logger,
          metrics,
          // The provider is not a readiness dependency: it is outside, and its breaker degrades
          // calls to retries; an instance that cannot reach it still drains refunds as failures.
          readiness: {
            inject: [DataSource, RabbitConnection, KafkaProbe],
            useFactory: (database: DataSource, rabbit: RabbitConnection, kafka: KafkaProbe) => [
              databaseProbe(database),
              rabbitMqProbe(rabbit),
              kafka,
            ],
          },
        }),
      ],
      providers: [{ provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN }],
      exports: [ADMIN_TOKEN],
    };
  }
}
