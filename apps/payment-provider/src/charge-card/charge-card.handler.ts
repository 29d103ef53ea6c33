import type { BehaviourSettings } from '../behaviour/behaviour-settings.js';
import {
  answerDelayMs,
  chargeOutcome,
  declineReason,
  type Random,
  type SimulationOverrides,
} from '../behaviour/provider-behaviour.js';
import type { Charge, ChargeRequest, PaymentLedger } from '../ledger/payment-ledger.js';
import { problem, type ProviderAnswer } from '../provider-answer.js';
import type { ProviderMetrics } from '../provider-metrics.js';

export type SimulationDeps = Readonly<{
  ledger: PaymentLedger;
  settings: BehaviourSettings;
  metrics: ProviderMetrics;
  random: Random;
  sleep: (ms: number) => Promise<void>;
}>;

/**
 * POST /charges: answers like a card processor, shaped by the knobs. The outcome is decided and
 * recorded when the request arrives; only the answer waits out the latency. So a caller that
 * times out has still been charged (the "late success"), and its retry with the same
 * Idempotency-Key gets that same charge, never a second one.
 */
export class ChargeCardHandler {
  constructor(private readonly deps: SimulationDeps) {}

  async charge(
    idempotencyKey: string,
    request: ChargeRequest,
    overrides: SimulationOverrides,
  ): Promise<ProviderAnswer> {
    const behaviour = this.deps.settings.current;
    const delayMs = answerDelayMs(behaviour, overrides, this.deps.random);
    const answer = this.decide(idempotencyKey, request, overrides);
    await this.deps.sleep(delayMs);
    return answer;
  }

  private decide(
    idempotencyKey: string,
    request: ChargeRequest,
    overrides: SimulationOverrides,
  ): ProviderAnswer {
    const { ledger, metrics, random } = this.deps;
    const earlier = ledger.earlierCharge(idempotencyKey, request);
    if (earlier.kind === 'key-reused') {
      metrics.charge('rejected');
      return problem(
        422,
        'idempotency-key-reused',
        'Unprocessable Entity',
        `Idempotency-Key "${idempotencyKey}" was used for another charge`,
      );
    }
    if (earlier.kind === 'replay') {
      metrics.charge('replayed');
      return chargeAnswer(earlier.value);
    }
    // Errors are not remembered: a retry after the processor recovers is charged normally.
    const outcome = chargeOutcome(this.deps.settings.current, overrides, random);
    if (outcome === 'error') {
      metrics.charge('error');
      return problem(
        503,
        'processor-unavailable',
        'Service Unavailable',
        'simulated processor error: nothing was charged, try again',
      );
    }
    const reason = outcome === 'decline' ? declineReason(random) : undefined;
    const charge = ledger.recordCharge(idempotencyKey, request, reason);
    metrics.charge(charge.status);
    return chargeAnswer(charge);
  }
}

const chargeAnswer = (charge: Charge): ProviderAnswer =>
  charge.status === 'captured'
    ? { status: 201, body: charge }
    : problem(402, 'payment-declined', 'Payment Required', `declined: ${charge.declineReason}`, {
        chargeId: charge.chargeId,
        reason: charge.declineReason,
      });
