import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EXCHANGES, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { declareSubscriberTopology, RabbitConnection } from '@pattern-shop/messaging-rabbitmq';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';

/** The queue order-service's product replica reads, with the bindings it subscribes with. */
export const REPLICA_QUEUE = {
  queue: QUEUES.orderProductEvents,
  exchange: EXCHANGES.events,
  routingKeys: [ROUTING_KEYS.productAdded, ROUTING_KEYS.productPriceChanged],
  // order-service adds its retry queues when it subscribes; declaring is idempotent.
  retryDelaysMs: [],
} as const;

/**
 * Declares the replica's queue on every (re)connection. On a fresh broker inventory-service
 * seeds the catalogue before order-service may have started: without the queue, those
 * ProductAdded facts would have nowhere to go. With it they wait in the queue, and the facts'
 * `mandatory` flag covers the moment before this declaration lands (the outbox sends again).
 */
@Injectable()
export class ReplicaQueue implements OnModuleInit {
  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.connection.onConnected(() => void this.declare());
  }

  private async declare(): Promise<void> {
    try {
      const channel = await this.connection.channels.createChannel();
      await declareSubscriberTopology(channel, REPLICA_QUEUE);
      await channel.close();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'could not declare the product replica queue; the next connection retries',
      );
    }
  }
}
