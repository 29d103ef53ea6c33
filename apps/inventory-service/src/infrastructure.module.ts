import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { type CommandDeps, outboxServiceModules } from '@pattern-shop/messaging-outbox';
import { SCOPED_TOKENS, scopedTokensOf, type ServiceContext } from '@pattern-shop/platform';
import type { InventoryServiceConfig } from './inventory-service.config.js';
import { INVENTORY_MIGRATIONS } from './persistence/migrations/index.js';

/** The database, the clock and the ids every handler of inventory-service is given. */
export const HANDLER_DEPS = Symbol('HANDLER_DEPS');

/**
 * What inventory-service runs on: its database (with the outbox and inbox tables), RabbitMQ,
 * Kafka, the outbox relay, health and metrics, the scoped tokens, and the handlers' deps. Global,
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
      imports: outboxServiceModules({
        service: 'inventory-service',
        config,
        logger,
        metrics,
        migrations: INVENTORY_MIGRATIONS,
        monitoredQueues: [QUEUES.inventoryCommands],
      }),
      providers: [
        { provide: SCOPED_TOKENS, useValue: scopedTokensOf(config) },
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
      exports: [SCOPED_TOKENS, HANDLER_DEPS],
    };
  }
}
