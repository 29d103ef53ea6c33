import { skipped, type Verdict, verdict } from './verdict.js';

/** Every row of each projection table, as text: what analytics-service shows, before or after. */
export type ProjectionRows = Readonly<Record<string, readonly string[]>>;

const NAME = 'a re-delivered stream changes nothing';

/**
 * The run window's Kafka records delivered to analytics-service a second time must leave every
 * projection as it was: the consumer dedupes by message id, so a replayed or retried record is
 * found applied. Offenders are the rows that appeared or vanished, by table.
 */
export const redeliveryChangesNothing = (
  before: ProjectionRows,
  after: ProjectionRows,
  redelivered: number,
): Verdict => {
  const expected = 'every projection row as before the re-delivery';
  if (redelivered === 0) return skipped(NAME, expected, 'not checked: the run wrote no records');
  const changed = Object.keys({ ...before, ...after }).flatMap((table) => {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    return [
      ...[...was].filter((row) => !is.has(row)).map((row) => `${table} was ${row}`),
      ...[...is].filter((row) => !was.has(row)).map((row) => `${table} now ${row}`),
    ];
  });
  const tables = [...new Set(changed.map((row) => row.split(' ')[0]))];
  return verdict(
    NAME,
    expected,
    changed.length === 0
      ? `${redelivered} records delivered again, no row changed`
      : `${redelivered} records delivered again, ${changed.length} rows changed in ${tables.join(', ')}`,
    changed,
  );
};
