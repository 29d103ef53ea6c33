import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FileLedgerJournal, type LedgerRecord, readJournal } from './ledger-journal.js';
import { PaymentLedger } from './payment-ledger.js';

const order = { orderId: 'order-1', customerId: 'cust-1', amountCents: 1_000, currency: 'EUR' };
const clock = () => {
  let id = 0;
  return { newId: () => `id-${++id}`, now: () => new Date('2026-11-23T10:00:00Z') };
};
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'ledger-')), 'ledger.jsonl');

describe('the provider ledger journal', () => {
  it('given charges and a refund journaled, when a new ledger replays the journal, then it holds the same books and answers the same keys', () => {
    const written: LedgerRecord[] = [];
    const before = new PaymentLedger(clock(), {
      append: (record) => written.push(record),
      rewrite: () => undefined,
    });
    const charge = before.recordCharge('order-1', order);
    before.recordCharge('order-2', { ...order, orderId: 'order-2' }, 'card_declined');
    before.recordRefund('pay-1', { chargeId: charge.chargeId, amountCents: 400 }, charge);

    const after = new PaymentLedger(clock());
    after.replay(written);

    expect(after.totals()).toEqual(before.totals());
    expect(after.ofOrder('order-1')).toEqual(before.ofOrder('order-1'));
    expect(after.chargeByKey('order-1')).toEqual(charge);
    expect(after.earlierRefund('pay-1', { chargeId: charge.chargeId, amountCents: 400 })).toEqual({
      kind: 'replay',
      value: before.ofOrder('order-1').refunds[0],
    });
    expect(after.refundability({ chargeId: charge.chargeId, amountCents: 601 })).toEqual({
      kind: 'exceeds-charge',
      remainingCents: 600,
    });
  });

  it('given a journal file, when records are appended and read back, then they come back in order', () => {
    const path = tempFile();
    const ledger = new PaymentLedger(clock(), new FileLedgerJournal(path));
    const charge = ledger.recordCharge('order-1', order);
    ledger.recordRefund('pay-1', { chargeId: charge.chargeId, amountCents: 1_000 }, charge);

    expect(readJournal(path).map((record) => record.kind)).toEqual(['charge', 'refund']);
  });

  it('given no journal file yet, when read, then there is nothing to replay', () => {
    expect(readJournal(tempFile())).toEqual([]);
  });

  it('given a last line cut short by a kill mid-write, when read, then that line is dropped and the rest kept', () => {
    const path = tempFile();
    new PaymentLedger(clock(), new FileLedgerJournal(path)).recordCharge('order-1', order);
    appendFileSync(path, '{"kind":"charge","key":"order-2","cha');

    expect(readJournal(path)).toHaveLength(1);
  });

  it('given a damaged line in the middle, when read, then it refuses naming the file and line', () => {
    const path = tempFile();
    writeFileSync(path, 'not json\n{"kind":"refund"}\n');

    expect(() => readJournal(path)).toThrow(`${path}:1 is not a ledger record`);
  });
});
