import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { SystemSnapshot } from './snapshot.js';
import {
  cleanSnapshot,
  CONFIRMED_ID,
  DECLINED_ID,
  REFUNDED_ID,
  verdictOf,
} from './testing/snapshot-kit.js';

const broken = (snapshot: SystemSnapshot, policy = {}) =>
  brokenInvariants(checkInvariants(snapshot, policy)).map((v) => v.invariant);

const clean = cleanSnapshot();

describe('invariants: money on both books, every order final, parked sagas', () => {
  it('given a second capture of a confirmed order at the provider, then a double charge on the ledger', () => {
    const second = {
      kind: 'charge' as const,
      id: 'ch_1b',
      chargeId: 'ch_1b',
      orderId: CONFIRMED_ID,
      amountCents: 2_500,
    };
    const snapshot = { ...clean, ledger: [...clean.ledger, second] };

    expect(broken(snapshot)).toEqual(["money: the provider's ledger", 'nothing charged twice']);
    expect(verdictOf(checkInvariants(snapshot), 'ledger').observed).toBe(
      '1 orders off, by 25.00 in all',
    );
  });

  it('given a cancelled order whose charge the provider never refunded, then the ledger names it', () => {
    const snapshot = { ...clean, ledger: clean.ledger.filter((entry) => entry.kind !== 'refund') };

    expect(broken(snapshot)).toEqual(["money: the provider's ledger"]);
    expect(verdictOf(checkInvariants(snapshot), 'ledger').offenders).toEqual([REFUNDED_ID]);
  });

  it('given a confirmed order whose payment row is gone, then payment-service’s books are short', () => {
    const snapshot = {
      ...clean,
      payments: clean.payments.filter((p) => p.orderId !== CONFIRMED_ID),
    };

    expect(broken(snapshot)).toEqual(["money: payment-service's books"]);
  });

  it('given a cancelled order still CHARGED on the books, then the books name it', () => {
    const payments = clean.payments.map((p) =>
      p.orderId === REFUNDED_ID ? { ...p, status: 'CHARGED' as const } : p,
    );

    const verdict = verdictOf(checkInvariants({ ...clean, payments }), 'books');

    expect(verdict.result).toBe('fail');
    expect(verdict.offenders).toEqual([REFUNDED_ID]);
  });

  it('given a saga stuck with its order PENDING past the bound, then “every order final” names it', () => {
    const stuck = {
      ...clean,
      orders: clean.orders.map((o) =>
        o.orderId === DECLINED_ID ? { ...o, status: 'PENDING' as const } : o,
      ),
      projections: clean.projections.map((p) =>
        p.orderId === DECLINED_ID ? { ...p, cancelled: false } : p,
      ),
      sentEmails: clean.sentEmails.filter((mail) => mail.orderId !== DECLINED_ID),
      deliveredMails: clean.deliveredMails.filter((mail) => mail.orderId !== DECLINED_ID),
      watchers: clean.watchers?.map((w) =>
        w.orderId === DECLINED_ID ? { ...w, shown: 'PENDING' as const } : w,
      ),
    };

    expect(broken(stuck)).toEqual(['every order final (CONFIRMED or CANCELLED)']);
    expect(verdictOf(checkInvariants(stuck), 'every order final').observed).toBe(
      '2 final, 1 pending, 1 past 60 s',
    );
  });

  it('given an order that took longer than the bound to become final, then it is late though final', () => {
    const slow = clean.orders.map((o) =>
      o.orderId === CONFIRMED_ID ? { ...o, updatedAt: '2026-12-03T10:03:00.000Z' } : o,
    );

    expect(broken({ ...clean, orders: slow })).toEqual([
      'every order final (CONFIRMED or CANCELLED)',
    ]);
    expect(broken({ ...clean, orders: slow }, { finalWithinMs: 180_000 })).toEqual([]);
  });

  it('given a parked saga, then it is counted and named, and passes only when the scenario allows it', () => {
    const sagas = clean.sagas.map((s) =>
      s.orderId === REFUNDED_ID ? { ...s, status: 'COMPENSATION_FAILED' } : s,
    );
    const snapshot = { ...clean, sagas };

    expect(broken(snapshot)).toEqual(['parked sagas']);
    const allowed = verdictOf(checkInvariants(snapshot, { allowedParkedSagas: 1 }), 'parked');
    expect(allowed).toMatchObject({ result: 'pass', offenders: [REFUNDED_ID] });
  });
});

describe('invariant: no charge without an order', () => {
  const unscoped = { ...clean, scope: { ...clean.scope, customerIds: undefined } };
  const ORPHAN = '55555555-5555-4555-8555-555555555555';
  const orphanCharge = {
    kind: 'charge' as const,
    id: 'ch_9',
    chargeId: 'ch_9',
    orderId: ORPHAN,
    amountCents: 1_000,
  };

  it('given a capture at the provider for an order order-service never had, then it is named', () => {
    const snapshot = { ...unscoped, ledger: [...clean.ledger, orphanCharge] };

    expect(broken(snapshot)).toEqual(['no charge without an order']);
    expect(verdictOf(checkInvariants(snapshot), 'without an order').offenders).toEqual([ORPHAN]);
  });

  it('given a charge of an order placed before the window, then it is not an orphan', () => {
    const snapshot = {
      ...unscoped,
      ledger: [...clean.ledger, orphanCharge],
      ordersOutsideWindow: [ORPHAN],
    };

    expect(broken(snapshot)).toEqual([]);
  });

  it('given a check narrowed to customers, then it is skipped: charges name no customer', () => {
    const snapshot = { ...clean, ledger: [...clean.ledger, orphanCharge] };

    expect(verdictOf(checkInvariants(snapshot), 'without an order').result).toBe('skipped');
  });
});
