import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@pattern-shop/observability';
import { FileLedgerJournal, readJournal } from './ledger-journal.js';
import { LedgerPruning } from './ledger-pruning.js';
import { PaymentLedger } from './payment-ledger.js';

const HOUR = 3_600_000;
const order = (orderId: string) => ({
  orderId,
  customerId: 'c-1',
  amountCents: 1_000,
  currency: 'EUR',
});

/** A ledger on a real journal file, its clock moved by the test. */
const ledgerAt = (start: string) => {
  let now = new Date(start).getTime();
  let id = 0;
  const path = join(mkdtempSync(join(tmpdir(), 'ledger-retention-')), 'ledger.jsonl');
  const journal = new FileLedgerJournal(path);
  const ledger = new PaymentLedger(
    { newId: () => `id-${++id}`, now: () => new Date(now) },
    journal,
  );
  const advance = (hours: number) => (now += hours * HOUR);
  return { ledger, path, journal, advance, now: () => new Date(now) };
};

describe('the provider ledger pruned by age', () => {
  it('given charges older and newer than a 2-hour retention, when pruning runs, then the old ones and their keys go, the new stay, in memory and in the journal', () => {
    const books = ledgerAt('2026-11-20T00:00:00Z');
    books.ledger.recordCharge('old', order('o-old'));
    books.ledger.recordCharge('old-declined', order('o-declined'), 'card_declined');
    const refunded = books.ledger.recordCharge('refunded-late', order('o-refunded'));
    books.advance(2);
    books.ledger.recordRefund(
      'refund-late',
      { chargeId: refunded.chargeId, amountCents: 400 },
      refunded,
    );
    const recent = books.ledger.recordCharge('recent', order('o-recent'));
    books.advance(1.5);
    const pruning = new LedgerPruning(
      books.ledger,
      { retentionMs: 2 * HOUR, now: books.now },
      createLogger('payment-provider', 'silent'),
    );

    expect(pruning.pruneOnce()).toBe(2);

    expect(books.ledger.chargeByKey('old')).toBeUndefined();
    expect(books.ledger.chargeByKey('old-declined')).toBeUndefined();
    // A charge refunded within the retention stays whole: a refund never outlives its charge.
    expect(books.ledger.chargeByKey('refunded-late')).toEqual(refunded);
    expect(books.ledger.chargeByKey('recent')).toEqual(recent);
    expect(books.ledger.totals()).toMatchObject({
      charges: { captured: 2, declined: 0 },
      refunds: 1,
      netCents: 1_600,
    });
    // A restart reads the pruned journal and holds the same books, and new records still land.
    books.ledger.recordCharge('after', order('o-after'));
    books.journal.close();
    const reopened = new PaymentLedger({ newId: () => 'x', now: books.now });
    reopened.replay(readJournal(books.path));
    expect(reopened.totals()).toEqual(books.ledger.totals());
    expect(reopened.earlierCharge('old', order('o-old'))).toEqual({ kind: 'none' });
  });

  it('given nothing past the retention, when pruning runs, then the books and the journal stay as they were', () => {
    const books = ledgerAt('2026-11-20T00:00:00Z');
    books.ledger.recordCharge('fresh', order('o-fresh'));
    const before = readJournal(books.path);
    books.advance(1);
    expect(books.ledger.prune(new Date(books.now().getTime() - 2 * HOUR))).toBe(0);
    expect(readJournal(books.path)).toEqual(before);
  });
});
