import { describe, expect, it } from '@jest/globals';
import { decodeCursor } from '@pattern-shop/contracts';
import { PaymentLedger } from './payment-ledger.js';

const newLedger = () => {
  let id = 0;
  return new PaymentLedger({
    newId: () => `id-${++id}`,
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
};
const order = { orderId: 'order-1', customerId: 'cust-1', amountCents: 1_000, currency: 'EUR' };

describe('the provider ledger', () => {
  it('given a new key, when a charge is recorded, then the key replays it and the same key with another body is refused', () => {
    const ledger = newLedger();
    expect(ledger.earlierCharge('k1', order)).toEqual({ kind: 'none' });
    const charge = ledger.recordCharge('k1', order);

    expect(charge).toMatchObject({ chargeId: 'ch_id-1', status: 'captured', amountCents: 1_000 });
    expect(ledger.earlierCharge('k1', order)).toEqual({ kind: 'replay', value: charge });
    expect(ledger.earlierCharge('k1', { ...order, amountCents: 999 })).toEqual({
      kind: 'key-reused',
    });
  });

  it('given a declined charge, when refunding it, then it is not refundable', () => {
    const ledger = newLedger();
    const declined = ledger.recordCharge('k1', order, 'card_declined');
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'card_declined' });
    expect(ledger.refundability({ chargeId: declined.chargeId, amountCents: 1 })).toEqual({
      kind: 'not-captured',
    });
  });

  it('given a captured charge, when refunded in parts, then never more than was charged', () => {
    const ledger = newLedger();
    const { chargeId } = ledger.recordCharge('k1', order);
    const part = { chargeId, amountCents: 600 };
    const charge = ledger.refundability(part);
    if (charge.kind !== 'refundable') throw new Error('expected refundable');
    ledger.recordRefund('r1', part, charge.charge);

    expect(ledger.earlierRefund('r1', part)).toMatchObject({ kind: 'replay' });
    expect(ledger.refundability({ chargeId, amountCents: 401 })).toEqual({
      kind: 'exceeds-charge',
      remainingCents: 400,
    });
    expect(ledger.refundability({ chargeId: 'ch_nope', amountCents: 1 })).toEqual({
      kind: 'unknown-charge',
    });
  });

  it('given charges and refunds, when totalled, then captured minus refunded is the net, and a second capture for one order is counted', () => {
    const ledger = newLedger();
    const { chargeId } = ledger.recordCharge('k1', order);
    ledger.recordCharge('k2', { ...order, orderId: 'order-2' }, 'expired_card');
    const charge = ledger.refundability({ chargeId, amountCents: 250 });
    if (charge.kind !== 'refundable') throw new Error('expected refundable');
    ledger.recordRefund('r1', { chargeId, amountCents: 250 }, charge.charge);

    expect(ledger.totals()).toEqual({
      charges: { captured: 1, declined: 1 },
      refunds: 1,
      capturedCents: 1_000,
      refundedCents: 250,
      netCents: 750,
      ordersChargedMoreThanOnce: 0,
    });
    ledger.recordCharge('another-key', order); // a caller that forgot its key
    expect(ledger.totals().ordersChargedMoreThanOnce).toBe(1);
    expect(ledger.ofOrder('order-1').charges).toHaveLength(2);
    expect(ledger.ofOrder('order-1').refunds).toHaveLength(1);
  });

  describe('settlement', () => {
    const period = { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-24T00:00:00Z') };
    /** A ledger whose clock reads `times` in turn, and whose ids are `id-1`, `id-2`, ... */
    const ledgerAt = (...times: string[]) => {
      let id = 0;
      let tick = 0;
      return new PaymentLedger({
        newId: () => `id-${++id}`,
        now: () => new Date(times[Math.min(tick++, times.length - 1)] ?? 0),
      });
    };
    const refund = (ledger: PaymentLedger, key: string, chargeId: string, amountCents: number) => {
      const charge = ledger.refundability({ chargeId, amountCents });
      if (charge.kind !== 'refundable') throw new Error('expected refundable');
      return ledger.recordRefund(key, { chargeId, amountCents }, charge.charge);
    };

    it('given captured and declined charges and a refund, when settled, then captures and refunds in [from, to) by (at, id), declines left out', () => {
      const ledger = ledgerAt(
        '2026-11-22T23:59:59.999Z', // before the period
        '2026-11-23T00:00:00.000Z', // at `from`: in
        '2026-11-23T08:00:00.000Z', // declined
        '2026-11-23T09:00:00.000Z', // the refund
        '2026-11-24T00:00:00.000Z', // at `to`: out
      );
      const before = ledger.recordCharge('k0', { ...order, orderId: 'order-0' });
      const first = ledger.recordCharge('k1', order);
      ledger.recordCharge('k2', { ...order, orderId: 'order-2' }, 'card_declined');
      const refunded = refund(ledger, 'r1', before.chargeId, 400);
      ledger.recordCharge('k3', { ...order, orderId: 'order-3' });

      expect(ledger.settlement(period, undefined, 10)).toEqual({
        items: [
          {
            kind: 'charge',
            id: first.chargeId,
            chargeId: first.chargeId,
            orderId: 'order-1',
            amountCents: 1_000,
            currency: 'EUR',
            at: '2026-11-23T00:00:00.000Z',
          },
          {
            kind: 'refund',
            id: refunded.refundId,
            chargeId: before.chargeId,
            orderId: 'order-0',
            amountCents: 400,
            currency: 'EUR',
            at: '2026-11-23T09:00:00.000Z',
          },
        ],
        nextCursor: null,
      });
    });

    it('given entries out of insertion order and sharing a millisecond, when paged one by one with each cursor, then every entry once, ordered by (at, id), and no cursor after the last', () => {
      const same = '2026-11-23T10:00:00.000Z';
      // b is recorded after a but stamped earlier: the order is (at, id), not insertion.
      const ledger = ledgerAt(same, '2026-11-23T09:30:00.000Z', same, '2026-11-23T11:00:00.000Z');
      const a = ledger.recordCharge('k1', order);
      const b = ledger.recordCharge('k2', { ...order, orderId: 'order-2' });
      const r = refund(ledger, 'r1', a.chargeId, 1_000);
      const c = ledger.recordCharge('k3', { ...order, orderId: 'order-3' });

      const seen: string[] = [];
      let after: { at: Date; id: string } | undefined;
      for (let page = 0; page < 10; page++) {
        const { items, nextCursor } = ledger.settlement(period, after, 1);
        seen.push(...items.map((item) => item.id));
        if (nextCursor === null) break;
        after = decodeCursor(nextCursor);
        expect(after).toEqual({ at: new Date(items[0]?.at ?? ''), id: items[0]?.id });
      }
      // At 10:00 both ch_id-1 and re_id-3: ids decide.
      expect(seen).toEqual([b.chargeId, a.chargeId, r.refundId, c.chargeId]);
    });

    it('given a cursor, when settled, then only entries strictly after it, and a page of exactly the rest has no cursor', () => {
      const ledger = ledgerAt('2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z');
      const a = ledger.recordCharge('k1', order);
      const b = ledger.recordCharge('k2', { ...order, orderId: 'order-2' });

      const afterA = { at: new Date(a.createdAt), id: a.chargeId };
      expect(ledger.settlement(period, afterA, 1)).toEqual({
        items: [expect.objectContaining({ id: b.chargeId })],
        nextCursor: null,
      });
      const afterB = { at: new Date(b.createdAt), id: b.chargeId };
      expect(ledger.settlement(period, afterB, 5)).toEqual({ items: [], nextCursor: null });
    });
  });
});
