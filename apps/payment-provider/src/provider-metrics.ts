import { Counter, type Registry } from 'prom-client';

export type ChargeMetricOutcome = 'captured' | 'declined' | 'error' | 'replayed' | 'rejected';
export type RefundMetricOutcome = 'refunded' | 'error' | 'replayed' | 'rejected';

/** What the stand-in processor did, by outcome: how a lab sees its knobs at work. */
export type ProviderMetrics = Readonly<{
  charge: (outcome: ChargeMetricOutcome) => void;
  refund: (outcome: RefundMetricOutcome) => void;
  lookup: (outcome: 'found' | 'not_found') => void;
}>;

const CHARGE_OUTCOMES: readonly ChargeMetricOutcome[] = [
  'captured',
  'declined',
  'error',
  'replayed',
  'rejected',
];
const REFUND_OUTCOMES: readonly RefundMetricOutcome[] = [
  'refunded',
  'error',
  'replayed',
  'rejected',
];

export const providerMetrics = (registry: Registry): ProviderMetrics => {
  const charges = new Counter({
    name: 'payment_provider_charges_total',
    help: 'Charge requests answered, by outcome (replayed: same Idempotency-Key, earlier answer).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const refunds = new Counter({
    name: 'payment_provider_refunds_total',
    help: 'Refund requests answered, by outcome (replayed: same Idempotency-Key, earlier answer).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'payment_provider_charge_lookups_total',
    help: 'Charge lookups by Idempotency-Key (GET /charges), by whether a charge was found.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['found', 'not_found']) lookups.inc({ outcome }, 0);
  // Every series exists from the start, so a rate over it is defined before the first error.
  for (const outcome of CHARGE_OUTCOMES) charges.inc({ outcome }, 0);
  for (const outcome of REFUND_OUTCOMES) refunds.inc({ outcome }, 0);
  return {
    charge: (outcome) => charges.inc({ outcome }),
    refund: (outcome) => refunds.inc({ outcome }),
    lookup: (outcome) => lookups.inc({ outcome }),
  };
};
