import { describe, expect, it } from '@jest/globals';
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
});
