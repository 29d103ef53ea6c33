import type { EntityManager } from 'typeorm';
import type { VoidPayment } from '@pattern-shop/contracts';
import {
  type CommandResult,
  handleCommandOnce,
  type ReplyContext,
} from '@pattern-shop/messaging-outbox';
import { paymentFromCharge } from '@pattern-shop/payment-domain';
import {
  PAYMENT_COMMANDS,
  type PaymentCommandDeps,
} from '../payment-commands/payment-command-deps.js';
import type { FoundCharge } from '../payment-provider/payment-provider.client.js';
import { recordChargeVoid } from '../persistence/charge-voids.js';
import { findPaymentOfOrder, insertPaymentOnce } from '../persistence/payment-rows.js';
import {
  factAnswer,
  sagaOnlyAnswer,
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
  constructor(private readonly deps: PaymentCommandDeps) {}

  async handle(command: VoidPayment, traceparent?: string): Promise<VoidOutcome> {
    const { dataSource } = this.deps;
    const recorded = await findPaymentOfOrder(dataSource.manager, command.data.orderId);
    const attempt: VoidAttempt = recorded ? { kind: 'recorded' } : await this.lookUp(command);

    return handleCommandOnce(this.deps, PAYMENT_COMMANDS, command, traceparent, (tx, context) =>
      this.record(tx, command, attempt, context),
    );
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
    context: ReplyContext,
  ): Promise<CommandResult<VoidOutcome>> {
    const { orderId } = command.data;
    if (attempt.kind === 'failed') {
      const failed = voidFailedReply(command.data, attempt.reason, context);
      return { outcome: 'void-failed', answer: sagaOnlyAnswer(failed) };
    }
    if (attempt.kind === 'found') {
      const { result, customerId, amountCents } = attempt.found;
      const charge = { orderId, customerId, amountCents, currency: 'EUR' as const };
      const payment = paymentFromCharge(charge, result, this.deps.newId());
      if (await insertPaymentOnce(tx, payment, context.now)) {
        // New facts (PaymentCharged or PaymentDeclined): the money moved, whoever asked.
        return {
          outcome: 'charge-found',
          answer: factAnswer(settledReply(payment, context), true),
        };
      }
    }
    // A payment recorded before, or by a charge that landed since the lookup, answers for itself.
    const payment = await findPaymentOfOrder(tx, orderId);
    if (payment !== undefined) {
      const answer = factAnswer(settledReply(payment, context), false);
      return { outcome: 'answered-from-record', answer };
    }
    await recordChargeVoid(tx, orderId, command.data.reason, context.now);
    return { outcome: 'nothing-held', answer: sagaOnlyAnswer(voidedReply(command.data, context)) };
  }
}
