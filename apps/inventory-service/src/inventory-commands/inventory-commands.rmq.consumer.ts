import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QUEUES, type ReleaseStock, type ReserveStock } from '@pattern-shop/contracts';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import {
  commandQueueBinding,
  expiresAtOf,
  PermanentMessageError,
  RabbitConnection,
  subscribe,
  traceparentOf,
  type Subscription,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { ReleaseStockHandler } from '../release-stock/release-stock.handler.js';
import { ReserveStockHandler } from '../reserve-stock/reserve-stock.handler.js';

/** Back-pressure and retry settings of the command consumer, from the service's configuration. */
export const COMMAND_SUBSCRIPTION = Symbol('COMMAND_SUBSCRIPTION');
export type CommandSubscriptionSettings = Readonly<{ prefetch: number; retryDelaysMs: number[] }>;

/**
 * Consumes the saga's commands on `inventory.commands` (pattern 2: several instances compete for
 * the queue, each command is handled by one). The queue is bound to `shop.commands` by its own
 * name, which is how the outbox's `commandTo` routes. Acked only after the handler committed.
 */
@Injectable()
export class InventoryCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(ReserveStockHandler) private readonly reserve: ReserveStockHandler,
    @Inject(ReleaseStockHandler) private readonly release: ReleaseStockHandler,
    @Inject(COMMAND_SUBSCRIPTION) private readonly settings: CommandSubscriptionSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribe(this.connection, {
      ...commandQueueBinding(QUEUES.inventoryCommands),
      prefetch: this.settings.prefetch,
      retryDelaysMs: this.settings.retryDelaysMs,
      decode: decodeMessage,
      service: 'inventory-service',
      logger: this.logger,
      metrics: this.metrics,
      handle: async (envelope, delivery) => {
        const traceparent = traceparentOf(delivery);
        // decodeMessage checked the data against its type's schema, so the casts are safe.
        let outcome: string;
        if (envelope.type === 'ReserveStock') {
          const expiresAt = expiresAtOf(delivery);
          outcome = await this.reserve.handle(envelope as ReserveStock, traceparent, expiresAt);
        } else if (envelope.type === 'ReleaseStock') {
          outcome = await this.release.handle(envelope as ReleaseStock, traceparent);
        } else {
          // A command for another owner routed here is a publisher's mistake no retry fixes.
          throw new PermanentMessageError(`inventory-service does not handle ${envelope.type}`);
        }
        const { messageId, type, aggregateId: orderId } = envelope;
        this.logger.info({ messageId, type, orderId, outcome }, 'inventory command handled');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
