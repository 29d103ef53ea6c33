import {
  type ChargePayment,
  QUEUES,
  type RefundPayment,
  type VoidPayment,
} from '@pattern-shop/contracts';
import {
  commandQueueBinding,
  expiresAtOf,
  rabbitConsumer,
  traceparentOf,
} from '@pattern-shop/messaging-rabbitmq';
import { ChargePaymentHandler } from '../charge-payment/charge-payment.handler.js';
import { ProviderRejectedRequest } from '../payment-provider/payment-provider.client.js';
import { RefundPaymentHandler } from '../refund-payment/refund-payment.handler.js';
import { VoidPaymentHandler } from '../void-payment/void-payment.handler.js';

export const COMMAND_SETTINGS = Symbol('COMMAND_SETTINGS');

/**
 * Consumes `payment.commands` (pattern 2): bound to `shop.commands` by its own name, the one
 * queue every instance of payment-service competes on. Each command is acked only after its
 * transaction committed; a throw retries it through `payment.commands.retry.<delay>`, then
 * dead-letters it to `payment.commands.dlq` with the error attached.
 */
export const PaymentCommandsConsumer = rabbitConsumer({
  binding: commandQueueBinding(QUEUES.paymentCommands),
  settings: COMMAND_SETTINGS,
  inject: {
    charge: ChargePaymentHandler,
    refund: RefundPaymentHandler,
    voidPayment: VoidPaymentHandler,
  },
  // decodeMessage checked the data against its type's schema, so the casts are safe.
  routes: {
    ChargePayment: ({ charge }, command, delivery) =>
      charge.handle(command as ChargePayment, traceparentOf(delivery), expiresAtOf(delivery)),
    RefundPayment: ({ refund }, command, delivery) =>
      refund.handle(command as RefundPayment, traceparentOf(delivery)),
    VoidPayment: ({ voidPayment }, command, delivery) =>
      voidPayment.handle(command as VoidPayment, traceparentOf(delivery)),
  },
  // The provider refused our request as malformed: retrying sends the same request again.
  permanent: (error) => error instanceof ProviderRejectedRequest,
  report: {
    message: 'payment command handled',
    // What each command came to: for a VoidPayment, whether the provider held a charge.
    counter: {
      name: 'payment_command_outcomes_total',
      help: 'Payment commands handled, by type and outcome (VoidPayment: charge-found, nothing-held, void-failed, ...).',
    },
  },
});
