import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  EXCHANGES,
  type MessageEnvelope,
  type ProductAddedData,
  type ProductPriceChangedData,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { decodeMessage, handleOnce } from '@pattern-shop/messaging-inbox';
import { RabbitConnection, subscribe, type Subscription } from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { applyProductAdded, applyProductPriceChanged } from './product-replica.js';

/** The inbox name of this consumer in processed_messages. */
const CONSUMER = 'order-service.product-replica';

/**
 * Keeps the product replica from inventory's facts on `order.product-events`. Each fact is
 * applied once (inbox), and acknowledged only after that transaction committed.
 */
@Injectable()
export class ProductFactsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribe(this.connection, {
      queue: QUEUES.orderProductEvents,
      exchange: EXCHANGES.events,
      routingKeys: [ROUTING_KEYS.productAdded, ROUTING_KEYS.productPriceChanged],
      decode: decodeMessage,
      service: 'order-service',
      logger: this.logger,
      metrics: this.metrics,
      handle: async (envelope) => {
        await handleOnce(this.dataSource, CONSUMER, envelope.messageId, (tx) =>
          applyFact(tx, envelope),
        );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}

const applyFact = (
  tx: Parameters<typeof applyProductAdded>[0],
  envelope: MessageEnvelope,
): Promise<void> =>
  envelope.type === 'ProductAdded'
    ? applyProductAdded(tx, envelope.data as ProductAddedData, envelope.occurredAt)
    : applyProductPriceChanged(tx, envelope.data as ProductPriceChangedData, envelope.occurredAt);
