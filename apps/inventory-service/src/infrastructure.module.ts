import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { type CommandDeps, OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { ADMIN_TOKEN, PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import type { InventoryServiceConfig } from './inventory-service.config.js';
import { INVENTORY_MIGRATIONS } from './persistence/migrations/index.js';

/** The database, the clock and the ids every handler of inventory-service is given. */
export const HANDLER_DEPS = Symbol('HANDLER_DEPS');

/**
 * What inventory-service runs on: its database (with the outbox and inbox tables), RabbitMQ,
 * Kafka, the outbox relay, health and metrics, the staff token, and the handlers' deps. Global,
 * so each use-case module only declares its own controllers, handlers and consumers.
 */
@Module({})
export class InfrastructureModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<InventoryServiceConfig>): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'inventory-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...INVENTORY_MIGRATIONS],
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'inventory-service',
          logger,
          subscriptionDefaults: {
            service: 'inventory-service',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
            unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            queues: [QUEUES.inventoryCommands],
            registry: metrics,
          },
        }),
        KafkaModule.forRoot({
          clientId: 'inventory-service',
          brokers: config.KAFKA_BROKERS,
          logger,
          topics: SYSTEM_KAFKA_TOPICS,
        }),
        OutboxModule.forRoot({ service: 'inventory-service', metrics, logger }),
        PlatformModule.forRoot({
          logger,
          metrics,
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
      providers: [
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        {
          provide: HANDLER_DEPS,
          inject: [DataSource],
          useFactory: (dataSource: DataSource): CommandDeps => ({
            dataSource,
            now: () => new Date(),
            newId: randomUUID,
          }),
        },
      ],
      exports: [ADMIN_TOKEN, HANDLER_DEPS],
    };
  }
}
