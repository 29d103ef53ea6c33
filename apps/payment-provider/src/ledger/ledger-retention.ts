import type { LedgerRecord } from './ledger-journal.js';

const chargeIdOf = (record: LedgerRecord): string =>
  record.kind === 'charge' ? record.charge.chargeId : record.refund.chargeId;

const atOf = (record: LedgerRecord): number =>
  Date.parse(record.kind === 'charge' ? record.charge.createdAt : record.refund.refundedAt);

/**
 * The records to keep when everything settled before `before` is forgotten: a charge goes
 * together with its refunds, and only once the newest of them is older than `before`, so a
 * refund is never kept without the charge it moved money back from.
 */
export const retainedRecords = (records: readonly LedgerRecord[], before: Date): LedgerRecord[] => {
  const lastMovement = new Map<string, number>();
  for (const record of records) {
    const chargeId = chargeIdOf(record);
    lastMovement.set(chargeId, Math.max(lastMovement.get(chargeId) ?? 0, atOf(record)));
  }
  const cutoff = before.getTime();
  return records.filter((record) => (lastMovement.get(chargeIdOf(record)) ?? 0) >= cutoff);
};

/** Oldest first, so a replay of compacted records sees each charge before its refunds. */
export const byTime = (a: LedgerRecord, b: LedgerRecord): number => atOf(a) - atOf(b);
