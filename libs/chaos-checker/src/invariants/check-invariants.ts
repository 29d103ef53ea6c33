import {
  everyAcceptanceIsOneOrder,
  noOrderWithoutAcceptance,
  oneOrderPerKey,
} from './accepted-orders.rules.js';
import { oneMailPerFinalOrder } from './email.rules.js';
import { deadLettersAccounted, nothingLeftInQueues, outboxesEmpty } from './messages.rules.js';
import { moneyOnPaymentBooks, moneyOnProviderLedger, nothingChargedTwice } from './money.rules.js';
import { everyOrderFinal, parkedSagas } from './order-finality.rules.js';
import { projectionsMatchOrders } from './projections.rules.js';
import { reconciliationClean } from './reconciliation.rules.js';
import { type CheckPolicy, STRICT_POLICY, type SystemSnapshot } from './snapshot.js';
import { stockConserved, stockMatchesOrders, stockNeverNegative } from './stock.rules.js';
import type { Verdict } from './verdict.js';

type Rule = (snapshot: SystemSnapshot, policy: CheckPolicy) => Verdict;

/** DESIGN.md's invariants, in the order a verdict table shows them. */
export const INVARIANT_RULES: readonly Rule[] = [
  everyAcceptanceIsOneOrder,
  noOrderWithoutAcceptance,
  oneOrderPerKey,
  everyOrderFinal,
  parkedSagas,
  moneyOnPaymentBooks,
  moneyOnProviderLedger,
  nothingChargedTwice,
  stockConserved,
  stockMatchesOrders,
  stockNeverNegative,
  outboxesEmpty,
  deadLettersAccounted,
  nothingLeftInQueues,
  oneMailPerFinalOrder,
  projectionsMatchOrders,
  reconciliationClean,
];

/** Holds a snapshot to every invariant: pure, so a test can plant any violation in plain data. */
export const checkInvariants = (
  snapshot: SystemSnapshot,
  policy: Partial<CheckPolicy> = {},
): Verdict[] => INVARIANT_RULES.map((rule) => rule(snapshot, { ...STRICT_POLICY, ...policy }));

export const brokenInvariants = (verdicts: readonly Verdict[]): Verdict[] =>
  verdicts.filter((v) => v.result === 'fail');
