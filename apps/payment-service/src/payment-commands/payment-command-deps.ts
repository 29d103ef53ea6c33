import { QUEUES } from '@pattern-shop/contracts';
import type { CommandChannel, CommandDeps } from '@pattern-shop/messaging-outbox';
import type { PaymentProviderGateway } from '../payment-provider/payment-provider.gateway.js';

/** Commands arrive on `payment.commands` (its inbox name) and are answered on the saga's queue. */
export const PAYMENT_COMMANDS: CommandChannel = {
  consumer: QUEUES.paymentCommands,
  replyQueue: QUEUES.orderSagaReplies,
};

/** What the command handlers need: the command kit's deps and the card processor. */
export type PaymentCommandDeps = CommandDeps &
  Readonly<{ provider: Pick<PaymentProviderGateway, 'charge' | 'findCharge' | 'refund'> }>;
