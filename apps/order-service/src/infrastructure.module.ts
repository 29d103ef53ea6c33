import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from './order-service.config.js';
import { API_DATA_SOURCE, API_DATABASE } from './persistence/api-data-source.js';
import { ORDER_MIGRATIONS } from './persistence/migrations/index.js';

/**
 * What every use case of order-service stands on: the orders database (a background pool that
 * runs the migrations, and the API's own pool), RabbitMQ, Kafka, the outbox relay, health and
 * metrics, and the validated configuration. Global, so each use-case module just injects them.
 */
@Module({})
export class InfrastructureModule {
  static register({ config, logger, metrics }: ServiceContext<OrderServiceConfig>): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'order-service',
          migrations: [...OutboxMigrations, ...InboxMigrations, ...ORDER_MIGRATIONS],
          pool: { max: config.DATABASE_BACKGROUND_POOL_MAX },
        }),
        PersistenceModule.forRoot({
          name: API_DATABASE,
          url: config.DATABASE_URL,
          applicationName: 'order-service-api',
          pool: { max: config.DATABASE_POOL_MAX },
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'order-service',
          logger,
          subscriptionDefaults: {
            service: 'order-service',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
            unboundedRetries: config.WEAK_MECHANISMS.includes('unbounded-retries'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            // The command queues too: a frozen consumer's own gauges freeze with it (RabbitMQQueueStalled).
            queues: [
              QUEUES.orderProductEvents,
              QUEUES.orderSagaReplies,
              QUEUES.paymentCommands,
              QUEUES.inventoryCommands,
            ],
            registry: metrics,
          },
        }),
        KafkaModule.forRoot({
          clientId: 'order-service',
          brokers: config.KAFKA_BROKERS,
          logger,
          topics: SYSTEM_KAFKA_TOPICS,
        }),
        OutboxModule.forRoot({ service: 'order-service', metrics, logger }),
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: {
            inject: [API_DATA_SOURCE, RabbitConnection, KafkaProbe],
            useFactory: (database: DataSource, rabbit: RabbitConnection, kafka: KafkaProbe) => [
              databaseProbe(database),
              rabbitMqProbe(rabbit),
              kafka,
            ],
          },
        }),
      ],
      providers: [{ provide: ORDER_SERVICE_CONFIG, useValue: config }],
      exports: [ORDER_SERVICE_CONFIG],
    };
  }
}
