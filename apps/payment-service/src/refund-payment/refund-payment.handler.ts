import type { EntityManager } from 'typeorm';
import type { RefundPayment } from '@pattern-shop/contracts';
import {
  type CommandResult,
  handleCommandOnce,
  type ReplyContext,
} from '@pattern-shop/messaging-outbox';
import { decideRefund, type RefundDecision } from '@pattern-shop/payment-domain';
import {
  PAYMENT_COMMANDS,
  type PaymentCommandDeps,
} from '../payment-commands/payment-command-deps.js';
import { findPayment, markRefunded, recordRefundFailure } from '../persistence/payment-rows.js';
import { factAnswer, refundedReply, refundFailedReply } from '../replies/payment-replies.js';

export type RefundOutcome =
  'refunded' | 'refund-failed' | 'answered-from-record' | 'duplicate-message';

/** What happened before the transaction: the provider's answer, or why it was not asked. */
type RefundAttempt =
  | Readonly<{ kind: 'refunded'; refundId: string }>
  | Readonly<{ kind: 'already-refunded' }>
  | Readonly<{ kind: 'failed'; reason: string; providerAsked: boolean }>;

/**
 * RefundPayment, the saga's compensation. Idempotent per payment: the provider call carries the
 * payment id as Idempotency-Key, and a payment already REFUNDED is answered "refunded" again.
 * The call sits before the transaction for the reasons given in ChargePaymentHandler.
 *
 * Every failure (provider error, timeout, open breaker, a payment that cannot be refunded) is
 * answered with PaymentRefundFailed and never thrown: the saga owns the compensation's retry
 * schedule and decides when to park it for a person. Only our own database failing throws.
 */
export class RefundPaymentHandler {
  constructor(private readonly deps: PaymentCommandDeps) {}

  async handle(command: RefundPayment, traceparent?: string): Promise<RefundOutcome> {
    const { dataSource } = this.deps;
    const payment = await findPayment(dataSource.manager, command.data.paymentId);
    const attempt = await this.attempt(command, decideRefund(payment, command.data));

    return handleCommandOnce(this.deps, PAYMENT_COMMANDS, command, traceparent, (tx, context) =>
      this.record(tx, command, attempt, context),
    );
  }

  private async attempt(command: RefundPayment, decision: RefundDecision): Promise<RefundAttempt> {
    if (decision.kind === 'already-refunded') return decision;
    if (decision.kind === 'cannot-refund') {
      return { kind: 'failed', reason: decision.reason, providerAsked: false };
    }
    const { paymentId, amountCents } = command.data;
    const refund = { paymentId, chargeId: decision.chargeId, amountCents };
    try {
      const { refundId } = await this.deps.provider.refund(refund, command.correlationId);
      return { kind: 'refunded', refundId };
    } catch (error) {
      const reason = `refund failed: ${error instanceof Error ? error.message : String(error)}`;
      return { kind: 'failed', reason, providerAsked: true };
    }
  }

  private async record(
    tx: EntityManager,
    command: RefundPayment,
    attempt: RefundAttempt,
    context: ReplyContext,
  ): Promise<CommandResult<RefundOutcome>> {
    const { paymentId } = command.data;
    switch (attempt.kind) {
      case 'already-refunded': {
        const answer = factAnswer(refundedReply(command.data, context), false);
        return { outcome: 'answered-from-record', answer };
      }
      case 'failed': {
        if (attempt.providerAsked) await recordRefundFailure(tx, paymentId, attempt.reason);
        const failed = refundFailedReply(command.data, attempt.reason, context);
        return { outcome: 'refund-failed', answer: factAnswer(failed, true) };
      }
      case 'refunded': {
        const refundedNow = await markRefunded(tx, paymentId, {
          providerRefundId: attempt.refundId,
          reason: command.data.reason,
          refundedAt: context.now,
        });
        const answer = factAnswer(refundedReply(command.data, context), refundedNow);
        return { outcome: refundedNow ? 'refunded' : 'answered-from-record', answer };
      }
    }
  }
}
