import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter } from 'prom-client';
import {
  type ChargePayment,
  type MessageEnvelope,
  QUEUES,
  type RefundPayment,
  type VoidPayment,
} from '@pattern-shop/contracts';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import {
  commandQueueBinding,
  type DeliveryInfo,
  expiresAtOf,
  PermanentMessageError,
  RabbitConnection,
  subscribe,
  type Subscription,
  traceparentOf,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { ChargePaymentHandler } from '../charge-payment/charge-payment.handler.js';
import { ProviderRejectedRequest } from '../payment-provider/payment-provider.client.js';
import type { PaymentServiceConfig } from '../payment-service.config.js';
import { RefundPaymentHandler } from '../refund-payment/refund-payment.handler.js';
import { VoidPaymentHandler } from '../void-payment/void-payment.handler.js';

export const COMMAND_SETTINGS = Symbol('COMMAND_SETTINGS');
export type CommandSettings = Pick<
  PaymentServiceConfig,
  'COMMAND_PREFETCH' | 'COMMAND_MAX_ATTEMPTS' | 'COMMAND_RETRY_DELAYS_MS'
>;

/**
 * Consumes `payment.commands` (pattern 2): bound to `shop.commands` by its own name, the one
 * queue every instance of payment-service competes on. Each command is acked only after its
 * transaction committed; a throw retries it through `payment.commands.retry.<delay>`, then
 * dead-letters it to `payment.commands.dlq` with the error attached.
 */
@Injectable()
export class PaymentCommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | undefined;
  private outcomes: Counter<'type' | 'outcome'> | undefined;

  constructor(
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
    @Inject(ChargePaymentHandler) private readonly charge: ChargePaymentHandler,
    @Inject(RefundPaymentHandler) private readonly refund: RefundPaymentHandler,
    @Inject(VoidPaymentHandler) private readonly voidPayment: VoidPaymentHandler,
    @Inject(COMMAND_SETTINGS) private readonly settings: CommandSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // What each command came to: for a VoidPayment, whether the provider held a charge.
    this.outcomes = new Counter({
      name: 'payment_command_outcomes_total',
      help: 'Payment commands handled, by type and outcome (VoidPayment: charge-found, nothing-held, void-failed, ...).',
      labelNames: ['type', 'outcome'],
      registers: [this.metrics],
    });
    this.subscription = await subscribe(this.connection, {
      ...commandQueueBinding(QUEUES.paymentCommands),
      prefetch: this.settings.COMMAND_PREFETCH,
      maxAttempts: this.settings.COMMAND_MAX_ATTEMPTS,
      retryDelaysMs: this.settings.COMMAND_RETRY_DELAYS_MS,
      decode: decodeMessage,
      service: 'payment-service',
      logger: this.logger,
      metrics: this.metrics,
      handle: async (envelope, delivery) => {
        const outcome = await this.dispatch(envelope, delivery);
        const { messageId, type, aggregateId: orderId } = envelope;
        this.outcomes?.inc({ type, outcome });
        this.logger.info({ messageId, type, orderId, outcome }, 'payment command handled');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  private async dispatch(envelope: MessageEnvelope, delivery: DeliveryInfo): Promise<string> {
    const traceparent = traceparentOf(delivery);
    // decodeMessage checked the data against its type's schema, so the casts are safe.
    try {
      if (envelope.type === 'ChargePayment') {
        const expiresAt = expiresAtOf(delivery);
        return await this.charge.handle(envelope as ChargePayment, traceparent, expiresAt);
      }
      if (envelope.type === 'RefundPayment') {
        return await this.refund.handle(envelope as RefundPayment, traceparent);
      }
      if (envelope.type === 'VoidPayment') {
        return await this.voidPayment.handle(envelope as VoidPayment, traceparent);
      }
    } catch (error) {
      // The provider refused our request as malformed: retrying sends the same request again.
      if (error instanceof ProviderRejectedRequest) throw new PermanentMessageError(error.message);
      throw error;
    }
    // decodeMessage accepted a known type that is not ours: a publisher's mistake.
    throw new PermanentMessageError(`payment-service does not handle ${envelope.type}`);
  }
}
