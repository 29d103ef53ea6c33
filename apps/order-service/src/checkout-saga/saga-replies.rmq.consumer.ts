import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CheckoutSagaInput } from '@pattern-shop/checkout-saga';
import { type MessageEnvelope, QUEUES } from '@pattern-shop/contracts';
import { decodeMessage, handleOnce } from '@pattern-shop/messaging-inbox';
import {
  commandQueueBinding,
  PermanentMessageError,
  RabbitConnection,
  subscribe,
  type Subscription,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { CheckoutSagaRuntime } from './checkout-saga.runtime.js';

export const SAGA_REPLY_SETTINGS = Symbol('SAGA_REPLY_SETTINGS');
export type SagaReplySettings = Readonly<{ prefetch: number; retryDelaysMs: readonly number[] }>;

const REPLY_TYPES = new Set<string>([
  'PaymentCharged',
  'PaymentDeclined',
  'PaymentRefunded',
  'PaymentRefundFailed',
  'PaymentVoided',
  'PaymentVoidFailed',
  'StockReserved',
  'StockReservationFailed',
]);

/**
 * Consumes `order.saga-replies` (bound to `shop.commands`): each reply advances its order's saga
 * through the inbox, so a redelivered reply has no second effect, and is acked only after the
 * saga's new state and its next commands committed together.
 */
@Injectable()
export class SagaRepliesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CheckoutSagaRuntime) private readonly runtime: CheckoutSagaRuntime,
    @Inject(SAGA_REPLY_SETTINGS) private readonly settings: SagaReplySettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribe(this.connection, {
      ...commandQueueBinding(QUEUES.orderSagaReplies),
      prefetch: this.settings.prefetch,
      retryDelaysMs: this.settings.retryDelaysMs,
      decode: decodeMessage,
      service: 'order-service',
      logger: this.logger,
      metrics: this.metrics,
      handle: (envelope) => this.applyReply(envelope),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  private async applyReply(envelope: MessageEnvelope): Promise<void> {
    const input = sagaInputOf(envelope);
    if (input === undefined) {
      // e.g. StockReleased: a compensation's receipt the saga does not wait for.
      this.logger.info({ messageId: envelope.messageId, type: envelope.type }, 'reply noted');
      return;
    }
    await handleOnce(this.dataSource, QUEUES.orderSagaReplies, envelope.messageId, async (tx) => {
      const outcome = await this.runtime.advance(
        tx,
        envelope.aggregateId,
        input,
        envelope.messageId,
      );
      if (outcome.kind === 'unknown-saga') {
        throw new PermanentMessageError(`no checkout saga for order ${envelope.aggregateId}`);
      }
    });
  }
}

/** The saga's input for a reply it acts on; undefined for a reply it only notes. */
const sagaInputOf = (envelope: MessageEnvelope): CheckoutSagaInput | undefined => {
  if (envelope.type === 'StockReleased') return undefined;
  if (!REPLY_TYPES.has(envelope.type)) {
    throw new PermanentMessageError(`${envelope.type} is not a reply of the checkout saga`);
  }
  // decodeMessage checked `data` against the catalogue schema of this type and version.
  return { type: envelope.type, data: envelope.data } as CheckoutSagaInput;
};
