import { type DynamicModule, Module } from '@nestjs/common';
import { ExpiredCommands } from '@pattern-shop/messaging-inbox';
import type { CommandDeps } from '@pattern-shop/messaging-outbox';
import type { ConsumerSettings } from '@pattern-shop/messaging-rabbitmq';
import { messageVerifier } from '@pattern-shop/messaging-signing';
import type { ServiceContext } from '@pattern-shop/platform';
import { HANDLER_DEPS } from '../infrastructure.module.js';
import type { InventoryServiceConfig } from '../inventory-service.config.js';
import { ReleaseStockHandler } from '../release-stock/release-stock.handler.js';
import { ReserveStockHandler } from '../reserve-stock/reserve-stock.handler.js';
import { INVENTORY_COMMANDS } from './inventory-command-channel.js';
import {
  COMMAND_SUBSCRIPTION,
  InventoryCommandsConsumer,
} from './inventory-commands.rmq.consumer.js';

/** The saga's stock step: ReserveStock and ReleaseStock, consumed from `inventory.commands`. */
@Module({})
export class InventoryCommandsModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<InventoryServiceConfig>): DynamicModule {
    return {
      module: InventoryCommandsModule,
      providers: [
        {
          provide: ReserveStockHandler,
          inject: [HANDLER_DEPS],
          useFactory: (deps: CommandDeps) =>
            new ReserveStockHandler(
              deps,
              new ExpiredCommands({
                dataSource: deps.dataSource,
                consumer: INVENTORY_COMMANDS.consumer,
                graceMs: config.COMMAND_EXPIRY_GRACE_MS,
                now: deps.now,
                metrics,
                logger,
                // ReleaseStock is a compensation: it never expires, it must always run.
                types: ['ReserveStock'],
              }),
            ),
        },
        {
          provide: ReleaseStockHandler,
          inject: [HANDLER_DEPS],
          useFactory: (deps: CommandDeps) => new ReleaseStockHandler(deps),
        },
        {
          provide: COMMAND_SUBSCRIPTION,
          useValue: {
            prefetch: config.COMMAND_PREFETCH,
            retryDelaysMs: config.COMMAND_RETRY_DELAYS_MS,
            verifier: messageVerifier({
              'order-service': config.ORDER_SERVICE_SIGNING_PUBLIC_KEYS,
            }),
          } satisfies ConsumerSettings,
        },
        InventoryCommandsConsumer,
      ],
    };
  }
}
