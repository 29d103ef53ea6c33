import type { CheckScope, OrderRecord, SystemSnapshot } from './snapshot.js';

export type VerdictResult = 'pass' | 'fail' | 'skipped';

/** One invariant's outcome: what should hold, what was seen, and who broke it. */
export type Verdict = Readonly<{
  invariant: string;
  expected: string;
  observed: string;
  result: VerdictResult;
  /** The first offending ids (orders, keys, SKUs, queues), at most OFFENDERS_SHOWN of them. */
  offenders: readonly string[];
  offenderCount: number;
  /** What the one-line observation leaves out, e.g. what the invariant could not cover. */
  note?: string | undefined;
}>;

/** A verdict names a few offenders; a run with thousands of them needs the count, not the list. */
export const OFFENDERS_SHOWN = 10;

export const verdict = (
  invariant: string,
  expected: string,
  observed: string,
  offenders: readonly string[],
): Verdict => ({
  invariant,
  expected,
  observed,
  result: offenders.length === 0 ? 'pass' : 'fail',
  offenders: [...new Set(offenders)].slice(0, OFFENDERS_SHOWN),
  offenderCount: new Set(offenders).size,
});

export const skipped = (invariant: string, expected: string, why: string): Verdict => ({
  invariant,
  expected,
  observed: why,
  result: 'skipped',
  offenders: [],
  offenderCount: 0,
});

const inScope = (scope: CheckScope) => {
  const from = Date.parse(scope.from);
  const to = Date.parse(scope.to);
  const customers = scope.customerIds === undefined ? undefined : new Set(scope.customerIds);
  return (order: OrderRecord) => {
    const at = Date.parse(order.createdAt);
    return at >= from && at < to && (customers === undefined || customers.has(order.customerId));
  };
};

/** The run's orders: created in the window, by the run's customers when those are named. */
export const runOrders = (snapshot: SystemSnapshot): readonly OrderRecord[] =>
  snapshot.orders.filter(inScope(snapshot.scope));

/** Groups items by a key, keeping their order. */
export const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
};

export const sum = (numbers: readonly number[]): number => numbers.reduce((a, b) => a + b, 0);
