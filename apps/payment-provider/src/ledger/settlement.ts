// The settlement the nightly reconciliation reads (libs/contracts/src/http/reconciliation.ts):
// the money that moved in a period, as entries paged by keyset (at, id).
import {
  encodeCursor,
  type Period,
  type ReconciliationPage,
  type SettlementEntry,
} from '@pattern-shop/contracts';

/** Where a page starts: after the entry with this (at, id). */
export type SettlementKeyset = Readonly<{ at: Date; id: string }>;
export type SettlementPage = Pick<ReconciliationPage<SettlementEntry>, 'items' | 'nextCursor'>;

const keysetOf = (entry: SettlementEntry): SettlementKeyset => ({
  at: new Date(entry.at),
  id: entry.id,
});

/** (at, id) order; ids compare by UTF-16 code unit, so the order is the same on every call. */
const compareKeyset = (a: SettlementKeyset, b: SettlementKeyset): number =>
  a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The first `limit` entries in `[from, to)` after `after`, by (at, id), and the next cursor. */
export const settlementPage = (
  entries: readonly SettlementEntry[],
  period: Period,
  after: SettlementKeyset | undefined,
  limit: number,
): SettlementPage => {
  const start = after ?? { at: period.from, id: '' }; // no id is empty, so `from` itself is in
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inPage = entries.filter((entry) => {
    const keyset = keysetOf(entry);
    const at = keyset.at.getTime();
    return at >= from && at < to && compareKeyset(keyset, start) > 0;
  });
  inPage.sort((a, b) => compareKeyset(keysetOf(a), keysetOf(b)));
  const items = inPage.slice(0, limit);
  const last = items.at(-1);
  const more = inPage.length > limit && last !== undefined;
  return { items, nextCursor: more ? encodeCursor(last.at, last.id) : null };
};
