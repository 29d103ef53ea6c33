import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { deadLetterQueueName, EXCHANGES, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import {
  PermanentMessageError,
  RabbitConnection,
  subscribe,
  type Subscription,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { SocketServer } from '../socket-server/socket-server.js';
import { PushOrderStatusHandler } from './push-order-status.handler.js';
import { isOrderStatusFact } from './status-update.js';

/**
 * One queue per gateway instance, `realtime.order-events.<host>-<id>`, exclusive and auto-deleted
 * with its connection and bound to the order facts on `shop.events`: every instance gets every
 * fact, so instances scale out with no socket.io adapter and no sticky routing of facts.
 * The price: facts published while this instance has no queue (its broker link is down) are not
 * delivered to it. Clients cover that: after the link comes back the gateway tells them to
 * `resync`, and every client refetches after its own reconnects.
 * No retry queues (a message could not come back to a queue that died with its connection);
 * a push cannot fail anyway. Only undecodable messages are dead-lettered, to the shared
 * durable `realtime.order-events.dlq`, so no per-instance dead-letter queue is left behind.
 */
@Injectable()
export class OrderEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;
  readonly queue = `${QUEUES.realtimeOrderEvents}.${hostname()}-${randomUUID().slice(0, 8)}`;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(PushOrderStatusHandler) private readonly handler: PushOrderStatusHandler,
    @Inject(SocketServer) private readonly sockets: SocketServer,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let consumedBefore = false;
    this.subscription = await subscribe(this.connection, {
      queue: this.queue,
      exclusive: true,
      deadLetterQueue: deadLetterQueueName(QUEUES.realtimeOrderEvents),
      maxAttempts: 1,
      exchange: EXCHANGES.events,
      routingKeys: [
        ROUTING_KEYS.orderPlaced,
        ROUTING_KEYS.orderConfirmed,
        ROUTING_KEYS.orderCancelled,
      ],
      decode: decodeMessage,
      service: 'realtime-gateway',
      logger: this.logger,
      metrics: this.metrics,
      onConsuming: () => {
        // Consuming again after a lost link: facts of the gap went nowhere; clients refetch.
        if (consumedBefore) this.sockets.resync();
        consumedBefore = true;
      },
      handle: async (envelope) => {
        if (!isOrderStatusFact(envelope)) {
          throw new PermanentMessageError(`realtime-gateway does not push ${envelope.type}`);
        }
        const { push } = this.handler.handle(envelope);
        this.logger.debug({ messageId: envelope.messageId, ...push }, 'order status pushed');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
