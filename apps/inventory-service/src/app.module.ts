import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { randomUUID } from 'node:crypto';
import { ExpiredCommands, InboxMigrations } from '@pattern-shop/messaging-inbox';
import { KafkaModule, KafkaProbe, SYSTEM_KAFKA_TOPICS } from '@pattern-shop/messaging-kafka';
import { type CommandDeps, OutboxMigrations, OutboxModule } from '@pattern-shop/messaging-outbox';
import {
  type ConsumerSettings,
  RabbitConnection,
  RabbitMqModule,
  rabbitMqProbe,
} from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { ADMIN_TOKEN, PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { ReplicaQueue } from './catalogue/replica-queue.js';
import { CatalogueSeeder } from './catalogue/seed-catalogue.js';
import { ChangePriceHttpController } from './change-price/change-price.http.controller.js';
import { CheckAvailabilityHttpController } from './check-availability/check-availability.http.controller.js';
import type { InventoryServiceConfig } from './inventory-service.config.js';
import { INVENTORY_COMMANDS } from './inventory-commands/inventory-command-channel.js';
import {
  COMMAND_SUBSCRIPTION,
  InventoryCommandsConsumer,
} from './inventory-commands/inventory-commands.rmq.consumer.js';
import { ListProductsHttpController } from './list-products/list-products.http.controller.js';
import { INVENTORY_MIGRATIONS } from './persistence/migrations/index.js';
import { ReconciliationHttpController } from './reconciliation/reconciliation.http.controller.js';
import { ReleaseStockHandler } from './release-stock/release-stock.handler.js';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler.js';
import { RestockHttpController } from './restock/restock.http.controller.js';

/** Wires inventory-service: owns stock and reservations; answers availability and consumes inventory commands. */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<InventoryServiceConfig>): DynamicModule {
    const commandDeps = (dataSource: DataSource): CommandDeps => ({
      dataSource,
      now: () => new Date(),
      newId: randomUUID,
    });
    return {
      module: AppModule,
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
      controllers: [
        ListProductsHttpController,
        CheckAvailabilityHttpController,
        ChangePriceHttpController,
        RestockHttpController,
        ReconciliationHttpController,
      ],
      providers: [
        { provide: ADMIN_TOKEN, useValue: config.ADMIN_TOKEN },
        ReplicaQueue,
        CatalogueSeeder,
        {
          provide: ReserveStockHandler,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new ReserveStockHandler(
              commandDeps(dataSource),
              new ExpiredCommands({
                dataSource,
                consumer: INVENTORY_COMMANDS.consumer,
                graceMs: config.COMMAND_EXPIRY_GRACE_MS,
                now: () => new Date(),
                metrics,
                logger,
                // ReleaseStock is a compensation: it never expires, it must always run.
                types: ['ReserveStock'],
              }),
            ),
        },
        {
          provide: ReleaseStockHandler,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ReleaseStockHandler(commandDeps(dataSource)),
        },
        {
          provide: COMMAND_SUBSCRIPTION,
          useValue: {
            prefetch: config.COMMAND_PREFETCH,
            retryDelaysMs: config.COMMAND_RETRY_DELAYS_MS,
          } satisfies ConsumerSettings,
        },
        InventoryCommandsConsumer,
      ],
    };
  }
}
