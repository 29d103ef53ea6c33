import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QUEUES } from '@pattern-shop/contracts';
import { declareCommandQueues, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';

/**
 * Declares the queues the saga sends to, on every (re)connection, so a fresh broker has them:
 * - `payment.commands` and `inventory.commands`, with the arguments their owners use, so a
 *   command sent before payment-service or inventory-service first started waits in its queue;
 * - `order.saga-parked`, the dead-letter queue for people: a parked saga's message waits there
 *   (nothing consumes it) until someone reads it in the management UI or the dead-letters CLI.
 * The outbox sends commands `mandatory`: until a queue exists they stay pending, never vanish.
 */
@Injectable()
export class SagaQueues implements OnApplicationBootstrap {
  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.connection.onConnected(() => void this.declare());
    if (this.connection.isConnected) void this.declare();
  }

  private async declare(): Promise<void> {
    try {
      const channel = await this.connection.channels.createChannel();
      await declareCommandQueues(channel, [
        QUEUES.paymentCommands,
        QUEUES.inventoryCommands,
        QUEUES.orderSagaParked,
      ]);
      await channel.close();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not declare the saga queues; the next connection retries',
      );
    }
  }
}
