import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EXCHANGES, type MessageEnvelope, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import {
  PermanentMessageError,
  RabbitConnection,
  subscribe,
  type Subscription,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import type { OrderEmailFact } from './order-email.templates.js';
import { SendOrderEmailHandler } from './send-order-email.handler.js';

/**
 * Subscribes `email.order-events` to order facts on `shop.events` (pattern 3: the publisher does
 * not know this queue exists). Each delivery is acked only after its transaction committed.
 */
@Injectable()
export class OrderEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(SendOrderEmailHandler) private readonly handler: SendOrderEmailHandler,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribe(this.connection, {
      queue: QUEUES.emailOrderEvents,
      exchange: EXCHANGES.events,
      routingKeys: [ROUTING_KEYS.orderConfirmed, ROUTING_KEYS.orderCancelled],
      decode: decodeMessage,
      service: 'email-service',
      logger: this.logger,
      metrics: this.metrics,
      handle: async (envelope) => {
        // decodeMessage checked the data against its type's schema; any other type on these
        // routing keys is a publisher's mistake that no retry can fix.
        if (!isOrderEmailFact(envelope)) {
          throw new PermanentMessageError(`email-service does not mail ${envelope.type}`);
        }
        const outcome = await this.handler.handle(envelope);
        this.logger.info(
          { messageId: envelope.messageId, type: envelope.type, outcome },
          'order email handled',
        );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}

const isOrderEmailFact = (envelope: MessageEnvelope): envelope is OrderEmailFact =>
  envelope.type === 'OrderConfirmed' || envelope.type === 'OrderCancelled';
