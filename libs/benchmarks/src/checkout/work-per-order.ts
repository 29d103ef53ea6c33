import { getManagementJson, managementAuthorization } from '@pattern-shop/messaging-rabbitmq';
import { LOCAL_INFRA, queryServiceDb } from '@pattern-shop/testing';

/** The checkout's databases, as PostgreSQL names them. */
const DATABASES = ['orders', 'inventory', 'payments'] as const;

/** Counters of the whole servers: the work of anything else running meanwhile counts too. */
export type WorkSnapshot = Readonly<{
  commits: Record<string, number>;
  rowsWritten: Record<string, number>;
  published: number;
  delivered: number;
}>;

/**
 * PostgreSQL's commits and written rows per database (pg_stat_database) and RabbitMQ's published
 * and delivered messages (the management API's totals): the inputs of docs/scaling.md.
 */
export const workSnapshot = async (): Promise<WorkSnapshot> => {
  const rows = await queryServiceDb<{ datname: string; commits: string; written: string }>(
    'order-service',
    `SELECT datname, xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written
       FROM pg_stat_database WHERE datname = ANY($1)`,
    [DATABASES],
  );
  const overview = await getManagementJson<{
    message_stats?: { publish?: number; deliver_get?: number };
  }>(`${LOCAL_INFRA.rabbitmqManagementUrl}/api/overview`, {
    authorization: managementAuthorization(LOCAL_INFRA.rabbitmqUrl),
  });
  return {
    commits: Object.fromEntries(rows.map((row) => [row.datname, Number(row.commits)])),
    rowsWritten: Object.fromEntries(rows.map((row) => [row.datname, Number(row.written)])),
    published: overview.message_stats?.publish ?? 0,
    delivered: overview.message_stats?.deliver_get ?? 0,
  };
};

/**
 * PostgreSQL flushes a backend's statistics within 10 s of its last transaction, and RabbitMQ's
 * management API refreshes its totals every 5 s: read the after-snapshot once both have.
 */
export const COUNTERS_SETTLE_MS = 11_000;

/** One line: per confirmed order, commits and written rows per database, messages through RabbitMQ. */
export const workPerOrderLine = (
  before: WorkSnapshot,
  after: WorkSnapshot,
  confirmed: number,
): string => {
  const per = (delta: number) => (delta / Math.max(1, confirmed)).toFixed(1);
  const databases = DATABASES.map(
    (db) =>
      `${db} ${per((after.commits[db] ?? 0) - (before.commits[db] ?? 0))} commits, ` +
      `${per((after.rowsWritten[db] ?? 0) - (before.rowsWritten[db] ?? 0))} rows written`,
  ).join('; ');
  return (
    `work per confirmed order: ${databases}; RabbitMQ ${per(after.published - before.published)} ` +
    `published, ${per(after.delivered - before.delivered)} delivered (whole servers' counters)`
  );
};
