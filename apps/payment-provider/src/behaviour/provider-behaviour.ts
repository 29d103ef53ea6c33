import { z } from 'zod';

// The knobs that make the stand-in processor slow, failing or declining, and the pure decisions
// taken from them. Randomness is passed in, so every decision is testable without chance.

const rate = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const milliseconds = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be negative')
  .max(60_000, 'must be at most 60000 (one minute)');

/**
 * `PUT /admin/behaviour` replaces the whole behaviour: a knob left out takes its default, so
 * `{ "errorRate": 1 }` means "fail every charge" and nothing else. Unknown knobs are refused.
 */
export const behaviourSchema = z.strictObject({
  /** Added to every answer, charges and refunds alike. */
  latencyMs: milliseconds.default(0),
  /** Up to this much more, drawn per request, so slow answers do not come in lockstep. */
  latencyJitterMs: milliseconds.default(0),
  /** Share of charges answered 503 without charging anything. */
  errorRate: rate.default(0),
  /** Share of the remaining charges declined (402). */
  declineRate: rate.default(0),
  /** Share of refunds answered 503 without refunding anything. */
  refundErrorRate: rate.default(0),
});

export type ProviderBehaviour = z.infer<typeof behaviourSchema>;

export const DEFAULT_BEHAVIOUR: ProviderBehaviour = behaviourSchema.parse({});

export type ChargeOutcome = 'approve' | 'decline' | 'error';
export type RefundOutcome = 'refund' | 'error';

/** What a test asked for on one request (`x-simulate-*` headers); each overrides a knob. */
export type SimulationOverrides = Readonly<{
  latencyMs?: number;
  outcome?: ChargeOutcome;
  refundFails?: boolean;
}>;

/** A draw in [0, 1), e.g. Math.random. */
export type Random = () => number;

export const chargeOutcome = (
  behaviour: ProviderBehaviour,
  overrides: SimulationOverrides,
  random: Random,
): ChargeOutcome => {
  if (overrides.outcome !== undefined) return overrides.outcome;
  if (random() < behaviour.errorRate) return 'error';
  return random() < behaviour.declineRate ? 'decline' : 'approve';
};

export const refundOutcome = (
  behaviour: ProviderBehaviour,
  overrides: SimulationOverrides,
  random: Random,
): RefundOutcome => {
  if (overrides.refundFails === true) return 'error';
  return random() < behaviour.refundErrorRate ? 'error' : 'refund';
};

/** How long to hold the answer: the override when given, else latency plus a jitter draw. */
export const answerDelayMs = (
  behaviour: ProviderBehaviour,
  overrides: SimulationOverrides,
  random: Random,
): number =>
  overrides.latencyMs ?? behaviour.latencyMs + Math.floor(random() * behaviour.latencyJitterMs);

export const DECLINE_REASONS = ['insufficient_funds', 'card_declined', 'expired_card'] as const;

export const declineReason = (random: Random): string =>
  DECLINE_REASONS[Math.floor(random() * DECLINE_REASONS.length)] ?? 'card_declined';

/**
 * The per-request overrides tests send (`x-simulate-*` headers), validated: a bad value is a 400,
 * never silently ignored. Other headers pass untouched.
 */
export const simulationHeaders = z
  .object({
    'x-simulate-latency-ms': z.coerce.number().pipe(milliseconds).optional(),
    'x-simulate-outcome': z
      .enum(['approve', 'decline', 'error'], { error: 'must be approve, decline or error' })
      .optional(),
    'x-simulate-refund': z.literal('fail', { error: 'must be fail' }).optional(),
  })
  .transform((headers): SimulationOverrides => ({
    latencyMs: headers['x-simulate-latency-ms'],
    outcome: headers['x-simulate-outcome'],
    refundFails: headers['x-simulate-refund'] === 'fail' ? true : undefined,
  }));
