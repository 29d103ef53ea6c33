import type {
  CheckScope,
  FindingRecord,
  ProjectionRecord,
  ReconciliationRecord,
} from '../invariants/snapshot.js';
import { getJson, readRows } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

/**
 * analytics-service's per-order facts. Its HTTP API answers aggregates over every order; the
 * per-order comparison needs the projection's rows (read-only SQL, its role).
 */
export const readProjections = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<ProjectionRecord[]> => {
  const schema = addresses.analyticsSchema.replaceAll('"', '');
  const rows = await readRows<{
    order_id: string;
    placed_total_cents: string | null;
    confirmed_total_cents: string | null;
    confirmed: boolean;
    cancelled: boolean;
  }>(
    addresses.databases.analytics,
    `SELECT order_id, placed_total_cents, confirmed_total_cents,
            confirmed_at IS NOT NULL AS confirmed, cancelled_at IS NOT NULL AS cancelled
       FROM "${schema}".order_facts WHERE order_id = ANY($1::uuid[])`,
    [orderIds],
  );
  const cents = (value: string | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    orderId: row.order_id,
    placedTotalCents: cents(row.placed_total_cents),
    confirmedTotalCents: cents(row.confirmed_total_cents),
    confirmed: row.confirmed,
    cancelled: row.cancelled,
  }));
};

type JobRun = Readonly<{ status: string; periodFrom?: string; periodTo?: string }>;

/**
 * The findings of the reconciliation runs over the window, through analytics-service's operator
 * API; `covered` says whether a successful run spans the whole window.
 */
export const readReconciliation = async (
  addresses: SystemAddresses,
  scope: CheckScope,
): Promise<ReconciliationRecord> => {
  const base = addresses.apps.analytics;
  const token = addresses.operatorToken;
  const { items: runs } = await getJson<{ items: JobRun[] }>(
    `${base}/jobs/runs?job=reconciliation&limit=200`,
    token,
  );
  const covered = runs.some(
    (run) =>
      run.status === 'succeeded' &&
      Date.parse(run.periodFrom ?? '') <= Date.parse(scope.from) &&
      Date.parse(run.periodTo ?? '') >= Date.parse(scope.to),
  );
  const query = new URLSearchParams({ from: scope.from, to: scope.to });
  const { items } = await getJson<{ items: FindingRecord[] }>(
    `${base}/reconciliation/findings?${query}`,
    token,
  );
  return {
    covered,
    findings: items.map(({ kind, orderId, detail }) => ({ kind, orderId, detail })),
  };
};
