import type { StockChange } from './stock.js';

export type RequestedLine = Readonly<{ sku: string; quantity: number }>;

export type ReservationDecision =
  | Readonly<{ kind: 'reserve'; changes: StockChange[] }>
  | Readonly<{ kind: 'reject'; unavailableSkus: string[]; reason: string }>;

/** The quantity per SKU, a SKU named on several lines counted once with their sum, in SKU order. */
export const totalsBySku = (lines: readonly RequestedLine[]): RequestedLine[] => {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, quantity]) => ({ sku, quantity }));
};

const MAX_REASON_LENGTH = 500; // the contract's limit on `reason`

/**
 * All or nothing: take every line from the locked stock, or none when any SKU is unknown or
 * short. Pure, so each rule is unit-tested; the caller holds the row locks that make the numbers
 * it passes in the truth until its commit.
 */
export const decideReservation = (
  lines: readonly RequestedLine[],
  available: ReadonlyMap<string, number>,
): ReservationDecision => {
  const totals = totalsBySku(lines);
  const unknown = totals.filter(({ sku }) => !available.has(sku)).map(({ sku }) => sku);
  const short = totals
    .filter(({ sku, quantity }) => available.has(sku) && (available.get(sku) ?? 0) < quantity)
    .map(({ sku }) => sku);
  if (unknown.length === 0 && short.length === 0) {
    return {
      kind: 'reserve',
      changes: totals.map(({ sku, quantity }) => ({ sku, delta: -quantity })),
    };
  }
  const reason = [
    unknown.length > 0 ? `unknown sku: ${unknown.join(', ')}` : undefined,
    short.length > 0 ? `not enough stock: ${short.join(', ')}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('; ');
  return {
    kind: 'reject',
    unavailableSkus: totals
      .map(({ sku }) => sku)
      .filter((sku) => unknown.includes(sku) || short.includes(sku)),
    reason:
      reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason,
  };
};
