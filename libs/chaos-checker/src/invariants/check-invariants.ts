import {
  everyAcceptanceIsOneOrder,
  noOrderWithoutAcceptance,
  oneOrderPerKey,
} from './accepted-orders.rules.js';
import { oneMailPerFinalOrder } from './email.rules.js';
import { publishedIsHandledOrDeadLettered } from './message-ledger.rules.js';
import { deadLettersAccounted, nothingLeftInQueues, outboxesEmpty } from './messages.rules.js';
import {
  moneyOnPaymentBooks,
  moneyOnProviderLedger,
  noChargeWithoutOrder,
  nothingChargedTwice,
} from './money.rules.js';
import { everyOrderFinal, parkedSagas } from './order-finality.rules.js';
import { projectionsMatchOrders } from './projections.rules.js';
import { reconciliationClean } from './reconciliation.rules.js';
import { type CheckPolicy, STRICT_POLICY, type SystemSnapshot } from './snapshot.js';
import { stockConserved, stockMatchesOrders, stockNeverNegative } from './stock.rules.js';
import type { Verdict } from './verdict.js';
import { everyWatcherShowsFinalStatus } from './watchers.rules.js';

type Rule = (snapshot: SystemSnapshot, policy: CheckPolicy) => Verdict;

/**
 * DESIGN.md's invariants, in the order a verdict table shows them. The ids are stable: a
 * scenario names the invariant it is about by id (a weak variant must break `money-ledger`).
 */
export const INVARIANTS = {
  'accepted-is-one-order': everyAcceptanceIsOneOrder,
  'no-order-without-202': noOrderWithoutAcceptance,
  'one-answer-per-key': oneOrderPerKey,
  'orders-final': everyOrderFinal,
  'sagas-parked': parkedSagas,
  'money-payment-books': moneyOnPaymentBooks,
  'money-provider-ledger': moneyOnProviderLedger,
  'charged-once': nothingChargedTwice,
  'no-charge-without-order': noChargeWithoutOrder,
  'stock-conserved': stockConserved,
  'stock-per-order': stockMatchesOrders,
  'stock-never-negative': stockNeverNegative,
  'outboxes-empty': outboxesEmpty,
  'dead-letters-accounted': deadLettersAccounted,
  'queues-drained': nothingLeftInQueues,
  'published-handled-or-dead-lettered': publishedIsHandledOrDeadLettered,
  'one-mail-per-order': oneMailPerFinalOrder,
  'projections-match': projectionsMatchOrders,
  'reconciliation-clean': reconciliationClean,
  'watchers-show-final-status': everyWatcherShowsFinalStatus,
} as const satisfies Record<string, Rule>;

export type InvariantId = keyof typeof INVARIANTS;

export type IdentifiedVerdict = Verdict & Readonly<{ id: InvariantId }>;

/** Holds a snapshot to every invariant: pure, so a test can plant any violation in plain data. */
export const checkInvariants = (
  snapshot: SystemSnapshot,
  policy: Partial<CheckPolicy> = {},
): IdentifiedVerdict[] =>
  Object.entries(INVARIANTS).map(([id, rule]) => ({
    id: id as InvariantId,
    ...rule(snapshot, { ...STRICT_POLICY, ...policy }),
  }));

export const brokenInvariants = <V extends Verdict>(verdicts: readonly V[]): V[] =>
  verdicts.filter((v) => v.result === 'fail');
