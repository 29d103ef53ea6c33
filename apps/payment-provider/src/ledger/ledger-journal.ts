// The ledger's durable copy: every charge and refund as one JSON line, appended (and handed to
// the operating system) before the answer is sent, and read back at start. A restart of the
// process loses nothing; a crash of the whole machine may lose the page cache's last lines,
// which is the price of a stand-in without a database (no fsync per request).
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const charge = z.object({
  chargeId: z.string().min(1),
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  amountCents: z.number().int().nonnegative(),
  currency: z.string().min(1),
  status: z.enum(['captured', 'declined']),
  declineReason: z.string().optional(),
  createdAt: z.iso.datetime(),
});
const refund = z.object({
  refundId: z.string().min(1),
  chargeId: z.string().min(1),
  orderId: z.string().min(1),
  amountCents: z.number().int().positive(),
  status: z.literal('refunded'),
  refundedAt: z.iso.datetime(),
});
const ledgerRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('charge'), key: z.string().min(1), charge }),
  z.object({ kind: z.literal('refund'), key: z.string().min(1), refund }),
]);
export type LedgerRecord = z.infer<typeof ledgerRecord>;

/** Where the ledger writes each record before it changes its memory, and its pruned books. */
export type LedgerJournal = Readonly<{
  append: (record: LedgerRecord) => void;
  /** Replaces the whole journal with `records` (after pruning), atomically. */
  rewrite: (records: readonly LedgerRecord[]) => void;
}>;

export const NO_JOURNAL: LedgerJournal = { append: () => undefined, rewrite: () => undefined };

/** The records of a journal file, oldest first; none when the file does not exist yet. */
export const readJournal = (path: string): LedgerRecord[] => {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const records: LedgerRecord[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    const parsed = ledgerRecord.safeParse(safeJson(line));
    if (parsed.success) return void records.push(parsed.data);
    // A line cut short by a kill mid-write is the last one and has no newline: it was never
    // answered, so it is dropped. Anything else is damage a person must look at.
    if (index === lines.length - 1) return;
    throw new Error(`${path}:${index + 1} is not a ledger record: ${parsed.error.message}`);
  });
  return records;
};

const safeJson = (line: string): unknown => {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
};

/** An append-only JSON-lines file, opened once; each record is one write of one line. */
export class FileLedgerJournal implements LedgerJournal {
  private fd: number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
  }

  append(record: LedgerRecord): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  /**
   * Writes the records to a new file, flushed to disk, and renames it over the journal: a crash
   * at any point leaves either the old journal or the new one, never half of one.
   */
  rewrite(records: readonly LedgerRecord[]): void {
    const next = `${this.path}.next`;
    const fd = openSync(next, 'w');
    try {
      writeSync(fd, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Reopens the books from `path`: replays what it holds, then journals every new record there. */
export const openJournal = (
  path: string,
): Readonly<{ records: LedgerRecord[]; journal: FileLedgerJournal }> => {
  try {
    return { records: readJournal(path), journal: new FileLedgerJournal(path) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PAYMENT_PROVIDER_LEDGER_FILE=${path}: cannot open the ledger: ${reason}`);
  }
};
