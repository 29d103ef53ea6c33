import type { DataSource } from 'typeorm';
import { type MessageEnvelope, QUEUES } from '@pattern-shop/contracts';
import type { PaymentProviderGateway } from '../payment-provider/payment-provider.gateway.js';
import type { ReplyContext } from '../replies/payment-replies.js';

/** The inbox name of the command consumer in processed_messages. */
export const PAYMENT_COMMANDS_CONSUMER = QUEUES.paymentCommands;

/** What both command handlers need; ids and time are passed in, never read from globals. */
export type PaymentHandlerDeps = Readonly<{
  dataSource: DataSource;
  provider: Pick<PaymentProviderGateway, 'charge' | 'findCharge' | 'refund'>;
  newId: () => string;
  now: () => Date;
}>;

export const replyContextFor = (
  command: MessageEnvelope,
  deps: PaymentHandlerDeps,
): ReplyContext => ({ command, messageId: deps.newId(), now: deps.now() });
