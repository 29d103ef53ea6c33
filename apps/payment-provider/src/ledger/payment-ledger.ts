// The stand-in processor's books: every charge and refund, and the answer given per
// Idempotency-Key. Held in memory for answers and journaled to a file before each answer
// (ledger-journal.ts), so a restart of payment-provider forgets nothing, like a real processor.
import type { Period, SettlementEntry } from '@pattern-shop/contracts';
import { type LedgerJournal, type LedgerRecord, NO_JOURNAL } from './ledger-journal.js';
import type {
  Charge,
  ChargeRequest,
  EarlierAnswer,
  LedgerTotals,
  Refund,
  Refundability,
  RefundRequest,
} from './ledger-types.js';
import { byTime, retainedRecords } from './ledger-retention.js';
import { type SettlementKeyset, type SettlementPage, settlementPage } from './settlement.js';

export type * from './ledger-types.js';

type Keyed<T> = { fingerprint: string; value: T };

const earlier = <T>(entry: Keyed<T> | undefined, fingerprint: string): EarlierAnswer<T> => {
  if (entry === undefined) return { kind: 'none' };
  return entry.fingerprint === fingerprint
    ? { kind: 'replay', value: entry.value }
    : { kind: 'key-reused' };
};

const chargeFingerprint = (r: ChargeRequest) =>
  JSON.stringify([r.orderId, r.customerId, r.amountCents, r.currency]);
const refundFingerprint = (r: RefundRequest) => JSON.stringify([r.chargeId, r.amountCents]);

export type LedgerClock = Readonly<{ newId: () => string; now: () => Date }>;

export class PaymentLedger {
  private readonly chargesByKey = new Map<string, Keyed<Charge>>();
  private readonly refundsByKey = new Map<string, Keyed<Refund>>();
  private readonly charges = new Map<string, Charge>();
  private readonly refundedCents = new Map<string, number>();
  private readonly capturesPerOrder = new Map<string, number>();

  constructor(
    private readonly clock: LedgerClock,
    private readonly journal: LedgerJournal = NO_JOURNAL,
  ) {}

  /** Rebuilds the books from a journal's records (at start), without writing them again. */
  replay(records: readonly LedgerRecord[]): void {
    for (const record of records) {
      if (record.kind === 'charge') this.applyCharge(record.key, record.charge);
      else this.applyRefund(record.key, record.refund);
    }
  }

  /**
   * Forgets every charge whose last movement (its own or its latest refund's) is older than
   * `before`, keys included, and rewrites the journal to match; returns how many records went.
   */
  prune(before: Date): number {
    const all = this.records();
    const kept = retainedRecords(all, before);
    if (kept.length === all.length) return 0;
    this.journal.rewrite(kept);
    for (const books of [this.chargesByKey, this.refundsByKey, this.charges]) books.clear();
    this.refundedCents.clear();
    this.capturesPerOrder.clear();
    this.replay(kept);
    return all.length - kept.length;
  }

  /** The books as journal records, oldest first. */
  private records(): LedgerRecord[] {
    const charges = [...this.chargesByKey].map(([key, { value }]): LedgerRecord => ({
      kind: 'charge',
      key,
      charge: value,
    }));
    const refunds = [...this.refundsByKey].map(([key, { value }]): LedgerRecord => ({
      kind: 'refund',
      key,
      refund: value,
    }));
    return [...charges, ...refunds].sort(byTime);
  }

  /** What a charge's Idempotency-Key stands for, if anything: how a caller settles a timeout. */
  chargeByKey(key: string): Charge | undefined {
    return this.chargesByKey.get(key)?.value;
  }

  earlierCharge(key: string, request: ChargeRequest): EarlierAnswer<Charge> {
    return earlier(this.chargesByKey.get(key), chargeFingerprint(request));
  }

  /** Records the outcome at once, before the answer is sent: a caller that gave up is still charged. */
  recordCharge(key: string, request: ChargeRequest, declineReason?: string): Charge {
    const charge: Charge = {
      chargeId: `ch_${this.clock.newId()}`,
      ...request,
      status: declineReason === undefined ? 'captured' : 'declined',
      ...(declineReason === undefined ? {} : { declineReason }),
      createdAt: this.clock.now().toISOString(),
    };
    this.journal.append({ kind: 'charge', key, charge });
    this.applyCharge(key, charge);
    return charge;
  }

  private applyCharge(key: string, charge: Charge): void {
    this.chargesByKey.set(key, { fingerprint: chargeFingerprint(charge), value: charge });
    this.charges.set(charge.chargeId, charge);
    if (charge.status === 'captured') {
      const { orderId } = charge;
      this.capturesPerOrder.set(orderId, (this.capturesPerOrder.get(orderId) ?? 0) + 1);
    }
  }

  earlierRefund(key: string, request: RefundRequest): EarlierAnswer<Refund> {
    return earlier(this.refundsByKey.get(key), refundFingerprint(request));
  }

  refundability({ chargeId, amountCents }: RefundRequest): Refundability {
    const charge = this.charges.get(chargeId);
    if (charge === undefined) return { kind: 'unknown-charge' };
    if (charge.status !== 'captured') return { kind: 'not-captured' };
    const remainingCents = charge.amountCents - (this.refundedCents.get(chargeId) ?? 0);
    return amountCents > remainingCents
      ? { kind: 'exceeds-charge', remainingCents }
      : { kind: 'refundable', charge };
  }

  recordRefund(key: string, request: RefundRequest, charge: Charge): Refund {
    const refund: Refund = {
      refundId: `re_${this.clock.newId()}`,
      chargeId: charge.chargeId,
      orderId: charge.orderId,
      amountCents: request.amountCents,
      status: 'refunded',
      refundedAt: this.clock.now().toISOString(),
    };
    this.journal.append({ kind: 'refund', key, refund });
    this.applyRefund(key, refund);
    return refund;
  }

  private applyRefund(key: string, refund: Refund): void {
    this.refundsByKey.set(key, { fingerprint: refundFingerprint(refund), value: refund });
    const before = this.refundedCents.get(refund.chargeId) ?? 0;
    this.refundedCents.set(refund.chargeId, before + refund.amountCents);
  }

  /** Everything recorded for one order: how a test proves "charged once, refunded once". */
  ofOrder(orderId: string): { charges: Charge[]; refunds: Refund[] } {
    return {
      charges: [...this.charges.values()].filter((charge) => charge.orderId === orderId),
      refunds: [...this.refundsByKey.values()]
        .map((entry) => entry.value)
        .filter((refund) => refund.orderId === orderId),
    };
  }

  /**
   * One page of the money that moved in `[from, to)`: captured charges at their creation and
   * refunds at theirs, by (at, id), after `after`. Declined charges move no money. Building the
   * whole list per page is fine for a stand-in's volumes.
   */
  settlement(period: Period, after: SettlementKeyset | undefined, limit: number): SettlementPage {
    const charges = [...this.charges.values()]
      .filter((charge) => charge.status === 'captured')
      .map(({ chargeId, orderId, amountCents, currency, createdAt }): SettlementEntry => {
        const money = { chargeId, orderId, amountCents, currency };
        return { kind: 'charge', id: chargeId, ...money, at: createdAt };
      });
    const refunds = [...this.refundsByKey.values()].map(({ value: refund }): SettlementEntry => {
      const { refundId, chargeId, orderId, amountCents, refundedAt } = refund;
      // A refund is only recorded against a charge of this ledger, so its currency is known.
      const currency = this.charges.get(chargeId)?.currency ?? 'unknown';
      const money = { chargeId, orderId, amountCents, currency };
      return { kind: 'refund', id: refundId, ...money, at: refundedAt };
    });
    return settlementPage([...charges, ...refunds], period, after, limit);
  }

  totals(): LedgerTotals {
    const all = [...this.charges.values()];
    const captured = all.filter((charge) => charge.status === 'captured');
    const capturedCents = captured.reduce((sum, charge) => sum + charge.amountCents, 0);
    const refundedCents = [...this.refundedCents.values()].reduce((sum, cents) => sum + cents, 0);
    return {
      charges: { captured: captured.length, declined: all.length - captured.length },
      refunds: this.refundsByKey.size,
      capturedCents,
      refundedCents,
      netCents: capturedCents - refundedCents,
      ordersChargedMoreThanOnce: [...this.capturesPerOrder.values()].filter((n) => n > 1).length,
    };
  }
}
