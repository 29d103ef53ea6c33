import { QUEUES, type ReleaseStock, type ReserveStock } from '@pattern-shop/contracts';
import {
  commandQueueBinding,
  expiresAtOf,
  rabbitConsumer,
  traceparentOf,
} from '@pattern-shop/messaging-rabbitmq';
import { ReleaseStockHandler } from '../release-stock/release-stock.handler.js';
import { ReserveStockHandler } from '../reserve-stock/reserve-stock.handler.js';

/** Back-pressure and retry settings of the command consumer, from the service's configuration. */
export const COMMAND_SUBSCRIPTION = Symbol('COMMAND_SUBSCRIPTION');

/**
 * Consumes the saga's commands on `inventory.commands` (pattern 2: several instances compete for
 * the queue, each command is handled by one). The queue is bound to `shop.commands` by its own
 * name, which is how the outbox's `commandTo` routes. Acked only after the handler committed.
 */
export const InventoryCommandsConsumer = rabbitConsumer({
  binding: commandQueueBinding(QUEUES.inventoryCommands),
  settings: COMMAND_SUBSCRIPTION,
  inject: { reserve: ReserveStockHandler, release: ReleaseStockHandler },
  // decodeMessage checked the data against its type's schema, so the casts are safe.
  routes: {
    ReserveStock: ({ reserve }, command, delivery) =>
      reserve.handle(command as ReserveStock, traceparentOf(delivery), expiresAtOf(delivery)),
    ReleaseStock: ({ release }, command, delivery) =>
      release.handle(command as ReleaseStock, traceparentOf(delivery)),
  },
  report: { message: 'inventory command handled' },
});
