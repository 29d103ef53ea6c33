import type { SimulationDeps } from '../charge-card/charge-card.handler.js';
import {
  answerDelayMs,
  refundOutcome,
  type SimulationOverrides,
} from '../behaviour/provider-behaviour.js';
import type { RefundRequest, Refundability } from '../ledger/payment-ledger.js';
import { problem, type ProviderAnswer } from '../provider-answer.js';

/**
 * POST /refunds: gives back (part of) a captured charge. One refund per Idempotency-Key: the
 * same key again answers the same refund. A simulated failure refunds nothing and is not
 * remembered, so the caller's later retry can succeed.
 */
export class RefundChargeHandler {
  constructor(private readonly deps: SimulationDeps) {}

  async refund(
    idempotencyKey: string,
    request: RefundRequest,
    overrides: SimulationOverrides,
  ): Promise<ProviderAnswer> {
    const delayMs = answerDelayMs(this.deps.settings.current, overrides, this.deps.random);
    const answer = this.decide(idempotencyKey, request, overrides);
    await this.deps.sleep(delayMs);
    return answer;
  }

  private decide(
    idempotencyKey: string,
    request: RefundRequest,
    overrides: SimulationOverrides,
  ): ProviderAnswer {
    const { ledger, metrics } = this.deps;
    const earlier = ledger.earlierRefund(idempotencyKey, request);
    if (earlier.kind === 'replay') {
      metrics.refund('replayed');
      return { status: 201, body: earlier.value };
    }
    const refundable: Refundability | KeyReused =
      earlier.kind === 'key-reused' ? { kind: 'key-reused' } : ledger.refundability(request);
    if (refundable.kind !== 'refundable') {
      metrics.refund('rejected');
      return refusal(refundable, idempotencyKey, request);
    }
    if (refundOutcome(this.deps.settings.current, overrides, this.deps.random) === 'error') {
      metrics.refund('error');
      return problem(
        503,
        'processor-unavailable',
        'Service Unavailable',
        'simulated processor error: nothing was refunded, try again',
      );
    }
    metrics.refund('refunded');
    return { status: 201, body: ledger.recordRefund(idempotencyKey, request, refundable.charge) };
  }
}

type KeyReused = Readonly<{ kind: 'key-reused' }>;

const refusal = (
  refused: Exclude<Refundability, { kind: 'refundable' }> | KeyReused,
  idempotencyKey: string,
  { chargeId }: RefundRequest,
): ProviderAnswer => {
  const unprocessable = (name: string, detail: string) =>
    problem(422, name, 'Unprocessable Entity', detail);
  switch (refused.kind) {
    case 'key-reused':
      return unprocessable(
        'idempotency-key-reused',
        `Idempotency-Key "${idempotencyKey}" was used for another refund`,
      );
    case 'unknown-charge':
      return problem(404, 'unknown-charge', 'Not Found', `no charge ${chargeId}`);
    case 'not-captured':
      return unprocessable(
        'charge-not-captured',
        `charge ${chargeId} was declined: nothing to refund`,
      );
    case 'exceeds-charge':
      return unprocessable(
        'refund-exceeds-charge',
        `at most ${refused.remainingCents} cents of charge ${chargeId} are left to refund`,
      );
  }
};
