import type { OrderLine } from './order-line.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Buckets are UTC minutes and UTC days, as ISO strings: the same everywhere, whatever the host. */
export const minuteOf = (at: string | Date): string => floorTo(at, MINUTE_MS);
export const dayOf = (at: string | Date): string => floorTo(at, DAY_MS);

const floorTo = (at: string | Date, unit: number): string => {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(Math.floor(ms / unit) * unit).toISOString();
};

export type DayTotals = {
  placed: number;
  confirmed: number;
  cancelled: number;
  revenueCents: number;
  refundedCents: number;
};

/**
 * What one batch adds to the aggregate tables, summed in memory so each aggregate row is
 * written once per batch (a few upserts instead of one per event).
 */
export class ProjectionDeltas {
  readonly ordersPerMinute = new Map<string, number>();
  readonly days = new Map<string, DayTotals>();
  readonly products = new Map<
    string,
    { day: string; sku: string; quantity: number; revenueCents: number }
  >();

  orderPlaced(at: string | Date): void {
    const minute = minuteOf(at);
    this.ordersPerMinute.set(minute, (this.ordersPerMinute.get(minute) ?? 0) + 1);
    this.day(at).placed += 1;
  }

  orderConfirmed(at: string | Date, totalCents: number): void {
    const day = this.day(at);
    day.confirmed += 1;
    day.revenueCents += totalCents;
  }

  orderCancelled(at: string | Date): void {
    this.day(at).cancelled += 1;
  }

  refunded(at: string | Date, amountCents: number): void {
    this.day(at).refundedCents += amountCents;
  }

  /** A confirmed order's lines count for top products on the day it was confirmed. */
  productsSold(confirmedAt: string | Date, lines: readonly OrderLine[]): void {
    const day = dayOf(confirmedAt);
    for (const { sku, quantity, unitPriceCents } of lines) {
      const key = `${day}|${sku}`;
      const row = this.products.get(key) ?? { day, sku, quantity: 0, revenueCents: 0 };
      row.quantity += quantity;
      row.revenueCents += quantity * unitPriceCents;
      this.products.set(key, row);
    }
  }

  private day(at: string | Date): DayTotals {
    const key = dayOf(at);
    let totals = this.days.get(key);
    if (totals === undefined) {
      totals = { placed: 0, confirmed: 0, cancelled: 0, revenueCents: 0, refundedCents: 0 };
      this.days.set(key, totals);
    }
    return totals;
  }
}
