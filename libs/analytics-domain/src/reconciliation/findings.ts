/** What the nightly reconciliation can find wrong with an order, money, stock or order sets. */
export const MISMATCH_KINDS = [
  'missing_charge',
  'double_charge',
  'amount_mismatch',
  'unrefunded_charge',
  'books_mismatch',
  'orphan_charge',
  'uncommitted_stock',
  'unreleased_stock',
  'orphan_reservation',
  'order_only_in_stream',
  'order_missing_from_stream',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export type Finding = Readonly<{
  kind: MismatchKind;
  orderId: string;
  /** What the rules expect and what the sources say, in `unit`. */
  expected: number;
  actual: number;
  unit: 'cents' | 'units' | 'orders';
  detail: string;
}>;

export type Period = Readonly<{ from: Date; to: Date }>;

export const inPeriod = (at: string, { from, to }: Period): boolean => {
  const time = Date.parse(at);
  return time >= from.getTime() && time < to.getTime();
};
