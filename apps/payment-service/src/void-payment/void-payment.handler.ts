import type { EntityManager } from 'typeorm';
import type { VoidPayment } from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import { paymentFromCharge } from '@pattern-shop/payment-domain';
import {
  PAYMENT_COMMANDS_CONSUMER,
  type PaymentHandlerDeps,
  replyContextFor,
} from '../command-handlers/handler-deps.js';
import type { FoundCharge } from '../payment-provider/payment-provider.client.js';
import { recordChargeVoid } from '../persistence/charge-voids.js';
import { findPaymentOfOrder, insertPaymentOnce } from '../persistence/payment-rows.js';
import {
  replyMessages,
  sagaReplyOnly,
  settledReply,
  voidedReply,
  voidFailedReply,
} from '../replies/payment-replies.js';

export type VoidOutcome =
  'charge-found' | 'nothing-held' | 'answered-from-record' | 'void-failed' | 'duplicate-message';

/** What happened before the transaction: the provider's answer, or why it was not asked. */
type VoidAttempt =
  | Readonly<{ kind: 'recorded' }>
  | Readonly<{ kind: 'found'; found: FoundCharge }>
  | Readonly<{ kind: 'nothing-held' }>
  | Readonly<{ kind: 'failed'; reason: string }>;

/**
 * VoidPayment: the saga gave up on a charge whose outcome it does not know. A recorded payment
 * answers for itself; else the provider is asked what it holds under the order's key (the
 * lookup sits before the transaction, like every provider call). A charge found is recorded as
 * the charge would have been (PaymentCharged: the saga refunds it); nothing found fences the
 * order (charge_voids) so that no later ChargePayment charges it, and answers PaymentVoided.
 * A lookup that fails is answered PaymentVoidFailed, never thrown: the saga owns the retries.
 */
export class VoidPaymentHandler {
  constructor(private readonly deps: PaymentHandlerDeps) {}

  async handle(command: VoidPayment, traceparent?: string): Promise<VoidOutcome> {
    const { dataSource } = this.deps;
    const recorded = await findPaymentOfOrder(dataSource.manager, command.data.orderId);
    const attempt: VoidAttempt = recorded ? { kind: 'recorded' } : await this.lookUp(command);

    let outcome: VoidOutcome = 'duplicate-message';
    await handleOnce(dataSource, PAYMENT_COMMANDS_CONSUMER, command.messageId, async (tx) => {
      outcome = await this.record(tx, command, attempt, traceparent);
    });
    return outcome;
  }

  private async lookUp(command: VoidPayment): Promise<VoidAttempt> {
    try {
      const found = await this.deps.provider.findCharge(
        command.data.orderId,
        command.correlationId,
      );
      return found === undefined ? { kind: 'nothing-held' } : { kind: 'found', found };
    } catch (error) {
      const reason = `charge lookup failed: ${error instanceof Error ? error.message : String(error)}`;
      return { kind: 'failed', reason };
    }
  }

  private async record(
    tx: EntityManager,
    command: VoidPayment,
    attempt: VoidAttempt,
    traceparent: string | undefined,
  ): Promise<VoidOutcome> {
    const context = replyContextFor(command, this.deps);
    const { orderId } = command.data;
    if (attempt.kind === 'failed') {
      const failed = voidFailedReply(command.data, attempt.reason, context);
      await appendToOutbox(tx, sagaReplyOnly(failed, traceparent));
      return 'void-failed';
    }
    if (attempt.kind === 'found') {
      const { result, customerId, amountCents } = attempt.found;
      const charge = { orderId, customerId, amountCents, currency: 'EUR' as const };
      const payment = paymentFromCharge(charge, result, this.deps.newId());
      if (await insertPaymentOnce(tx, payment, this.deps.now())) {
        // New facts (PaymentCharged or PaymentDeclined): the money moved, whoever asked.
        await appendToOutbox(
          tx,
          replyMessages(settledReply(payment, context), { newFact: true, traceparent }),
        );
        return 'charge-found';
      }
    }
    // A payment recorded before, or by a charge that landed since the lookup, answers for itself.
    const payment = await findPaymentOfOrder(tx, orderId);
    if (payment !== undefined) {
      const reply = settledReply(payment, context);
      await appendToOutbox(tx, replyMessages(reply, { newFact: false, traceparent }));
      return 'answered-from-record';
    }
    await recordChargeVoid(tx, orderId, command.data.reason, this.deps.now());
    await appendToOutbox(tx, sagaReplyOnly(voidedReply(command.data, context), traceparent));
    return 'nothing-held';
  }
}
