import type { ChargePayment } from '@pattern-shop/contracts';
import type { ExpiredCommands } from '@pattern-shop/messaging-inbox';
import { type CommandResult, handleCommandOnce } from '@pattern-shop/messaging-outbox';
import { type ChargeResult, paymentFromCharge } from '@pattern-shop/payment-domain';
import {
  PAYMENT_COMMANDS,
  type PaymentCommandDeps,
} from '../payment-commands/payment-command-deps.js';
import {
  findPaymentAndVoidOfOrder,
  findPaymentOfOrder,
  insertPaymentOnce,
} from '../persistence/payment-rows.js';
import {
  chargeReply,
  factAnswer,
  sagaOnlyAnswer,
  voidedReply,
} from '../replies/payment-replies.js';

export type ChargeOutcome =
  'charged' | 'declined' | 'answered-from-record' | 'voided' | 'expired' | 'duplicate-message';

/**
 * ChargePayment: at most one payment per order, and a reply for every command not yet expired.
 *
 * Where the provider call sits: BEFORE the transaction, never inside it. Inside, a slow provider
 * (up to the timeout, 2 s) would hold a pooled connection and the inbox row's lock for that long,
 * so a slow processor would exhaust the database pool. Outside is safe because the call is
 * idempotent: its Idempotency-Key is the order id, so if we crash or the commit fails after the
 * provider charged, the redelivered command calls again and gets the same charge back. And if
 * two deliveries race, `order_id UNIQUE` lets one insert win; the other answers from its row.
 *
 * A timeout, a 5xx or an open breaker throws: the queue retries with backoff, then dead-letters.
 * The dead letter needs no person: the saga's deadline voids the charge (VoidPaymentHandler),
 * and an order voided is never charged again, only looked up, so a late redrive is harmless.
 */
export class ChargePaymentHandler {
  constructor(
    private readonly deps: PaymentCommandDeps,
    private readonly expired: ExpiredCommands,
  ) {}

  async handle(
    command: ChargePayment,
    traceparent?: string,
    expiresAt?: Date,
  ): Promise<ChargeOutcome> {
    // No reply: the saga stopped waiting at its deadline and voids whatever the provider holds.
    const refused = await this.expired.refuse(command, expiresAt);
    if (refused !== undefined) return refused;
    const { orderId } = command.data;
    const db = this.deps.dataSource.manager;
    const { payment: recorded, voided } = await findPaymentAndVoidOfOrder(db, orderId);
    // An order already paid (or declined) is answered from its row; the provider is not asked.
    const result = recorded === undefined ? await this.callProvider(command, voided) : undefined;

    return handleCommandOnce(
      this.deps,
      PAYMENT_COMMANDS,
      command,
      traceparent,
      async (tx, context): Promise<CommandResult<ChargeOutcome>> => {
        const fresh = result && paymentFromCharge(command.data, result, this.deps.newId());
        const recordedNow =
          fresh !== undefined && (await insertPaymentOnce(tx, fresh, context.now));
        const payment = recordedNow ? fresh : await findPaymentOfOrder(tx, orderId);
        if (payment === undefined && recorded === undefined && result === undefined) {
          return { outcome: 'voided', answer: sagaOnlyAnswer(voidedReply(command.data, context)) };
        }
        if (payment === undefined) throw new Error(`the payment of order ${orderId} is missing`);
        const answer = factAnswer(chargeReply(payment, context), recordedNow);
        if (!recordedNow) return { outcome: 'answered-from-record', answer };
        return { outcome: payment.status === 'CHARGED' ? 'charged' : 'declined', answer };
      },
    );
  }

  /** A voided order is only looked up (undefined: nothing held), never charged again. */
  private async callProvider(
    command: ChargePayment,
    voided: boolean,
  ): Promise<ChargeResult | undefined> {
    const { orderId } = command.data;
    if (voided)
      return (await this.deps.provider.findCharge(orderId, command.correlationId))?.result;
    return this.deps.provider.charge(command.data, command.correlationId);
  }
}
