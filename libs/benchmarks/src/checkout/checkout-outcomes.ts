import { queryServiceDb, waitFor } from '@pattern-shop/testing';

/** What the orders database says about one order: when it was placed and how it ended. */
export type OrderOutcome = Readonly<{
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  placedAtMs: number;
  /** When the final status was written; undefined while still PENDING. */
  finalAtMs: number | undefined;
}>;

const countFinal = async (orderIds: readonly string[]): Promise<number> => {
  const [row] = await queryServiceDb<{ final: number }>(
    'order-service',
    `SELECT count(*)::int AS final FROM orders WHERE id = ANY($1::uuid[]) AND status <> 'PENDING'`,
    [orderIds],
  );
  return row?.final ?? 0;
};

const outboxPending = async (): Promise<number> => {
  const [row] = await queryServiceDb<{ n: number }>(
    'order-service',
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return row?.n ?? 0;
};

/**
 * Waits until every accepted order is CONFIRMED or CANCELLED, printing progress to stderr, for
 * at most `timeoutMs`; returns how many were still pending then (0 when all finished).
 */
export const waitUntilFinal = async (
  orderIds: readonly string[],
  timeoutMs: number,
): Promise<number> => {
  let final = 0;
  try {
    await waitFor(
      'every accepted order to be final',
      async () => {
        final = await countFinal(orderIds);
        const outbox = await outboxPending();
        process.stderr.write(
          `  ${final}/${orderIds.length} orders final, order-service outbox unpublished: ${outbox}\n`,
        );
        return final === orderIds.length ? true : undefined;
      },
      { timeoutMs, intervalMs: 2_000 },
    );
  } catch {
    process.stderr.write(`  gave up waiting after ${timeoutMs} ms\n`);
  }
  return orderIds.length - final;
};

/**
 * Reads placement and final commit times from order_status_history: status_version 1 is the
 * PENDING row written with the order, the next one the final status. `changed_at` is the
 * service's clock when it wrote the row, in the transaction that committed it.
 */
export const readOutcomes = async (
  orderIds: readonly string[],
): Promise<Map<string, OrderOutcome>> => {
  const rows = await queryServiceDb<{ order_id: string; status: string; at_ms: number }>(
    'order-service',
    `SELECT order_id, status, extract(epoch FROM changed_at)::float8 * 1000 AS at_ms
       FROM order_status_history WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, status_version`,
    [orderIds],
  );
  const outcomes = new Map<string, OrderOutcome>();
  for (const row of rows) {
    const status = row.status as OrderOutcome['status'];
    const earlier = outcomes.get(row.order_id);
    outcomes.set(
      row.order_id,
      earlier === undefined
        ? { status, placedAtMs: row.at_ms, finalAtMs: undefined }
        : { ...earlier, status, finalAtMs: row.at_ms },
    );
  }
  return outcomes;
};
