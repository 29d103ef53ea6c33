import type { Period } from '@pattern-shop/contracts';
import type { Sql } from './sql.js';
import type { Finding } from '@pattern-shop/analytics-domain';

/**
 * Replaces the period's findings with this run's, inside the transaction that records the run as
 * succeeded: running a day again leaves that day's findings, not twice as many.
 */
export const replaceFindings = async (
  tx: Sql,
  period: Period,
  runId: string,
  findings: readonly Finding[],
): Promise<void> => {
  await tx.query(`DELETE FROM reconciliation_findings WHERE period_from = $1 AND period_to = $2`, [
    period.from,
    period.to,
  ]);
  if (findings.length === 0) return;
  await tx.query(
    `INSERT INTO reconciliation_findings
       (period_from, period_to, run_id, kind, order_id, expected, actual, unit, detail)
     SELECT $1, $2, $3, f.kind, f."orderId", f.expected, f.actual, f.unit, f.detail
     FROM jsonb_to_recordset($4::jsonb) AS f(kind text, "orderId" text, expected bigint,
       actual bigint, unit text, detail text)`,
    [period.from, period.to, runId, JSON.stringify(findings)],
  );
};

export type StoredFinding = Finding &
  Readonly<{ runId: string; periodFrom: string; periodTo: string }>;

/** The findings of the newest successful run of every period that overlaps `period`. */
export const findingsIn = async (db: Sql, period: Period): Promise<StoredFinding[]> => {
  const rows = (await db.query(
    `SELECT kind, order_id AS "orderId", expected::float8 AS expected, actual::float8 AS actual,
       unit, detail, run_id::text AS "runId", period_from AS "periodFrom", period_to AS "periodTo"
     FROM reconciliation_findings WHERE period_from < $2 AND period_to > $1
     ORDER BY period_from, kind, order_id`,
    [period.from, period.to],
  )) as Array<StoredFinding & { periodFrom: Date; periodTo: Date }>;
  return rows.map((row) => ({
    ...row,
    periodFrom: new Date(row.periodFrom).toISOString(),
    periodTo: new Date(row.periodTo).toISOString(),
  }));
};
