import type { ChargePayment } from '@pattern-shop/contracts';
import { type ExpiredCommands, handleOnce } from '@pattern-shop/messaging-inbox';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import {
  PAYMENT_COMMANDS_CONSUMER,
  type PaymentHandlerDeps,
  replyContextFor,
} from '../command-handlers/handler-deps.js';
import { type ChargeResult, paymentFromCharge } from '@pattern-shop/payment-domain';
import {
  findPaymentAndVoidOfOrder,
  findPaymentOfOrder,
  insertPaymentOnce,
} from '../persistence/payment-rows.js';
import {
  chargeReply,
  replyMessages,
  sagaReplyOnly,
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
    private readonly deps: PaymentHandlerDeps,
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

    let outcome: ChargeOutcome = 'duplicate-message';
    await handleOnce(
      this.deps.dataSource,
      PAYMENT_COMMANDS_CONSUMER,
      command.messageId,
      async (tx) => {
        const fresh = result && paymentFromCharge(command.data, result, this.deps.newId());
        const recordedNow =
          fresh !== undefined && (await insertPaymentOnce(tx, fresh, this.deps.now()));
        const payment = recordedNow ? fresh : await findPaymentOfOrder(tx, orderId);
        const context = replyContextFor(command, this.deps);
        if (payment === undefined && recorded === undefined && result === undefined) {
          await appendToOutbox(tx, sagaReplyOnly(voidedReply(command.data, context), traceparent));
          outcome = 'voided';
          return;
        }
        if (payment === undefined) throw new Error(`the payment of order ${orderId} is missing`);
        const reply = chargeReply(payment, context);
        await appendToOutbox(tx, replyMessages(reply, { newFact: recordedNow, traceparent }));
        outcome = !recordedNow
          ? 'answered-from-record'
          : payment.status === 'CHARGED'
            ? 'charged'
            : 'declined';
      },
    );
    return outcome;
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
