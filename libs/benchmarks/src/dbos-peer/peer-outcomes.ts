import pg from 'pg';
import { waitFor } from '@pattern-shop/testing';
import type { OrderOutcome } from '../checkout/checkout-outcomes.js';
import { PEER_DATABASE_URL } from './peer-process.js';

const query = async <Row>(sql: string, params: readonly unknown[]): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: PEER_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, [...params])).rows as Row[];
  } finally {
    await client.end();
  }
};

/** The peer's orders as the bench reads ours: placement and final commit times, epoch ms. */
export const readPeerOutcomes = async (
  schema: string,
  orderIds: readonly string[],
): Promise<Map<string, OrderOutcome>> => {
  const rows = await query<{
    id: string;
    status: string;
    placed_ms: number;
    final_ms: number | null;
  }>(
    `SELECT id, status, extract(epoch FROM placed_at)::float8 * 1000 AS placed_ms,
            extract(epoch FROM final_at)::float8 * 1000 AS final_ms
       FROM ${schema}.orders WHERE id = ANY($1::uuid[])`,
    [orderIds],
  );
  return new Map(
    rows.map((row): [string, OrderOutcome] => [
      row.id,
      {
        status: row.status as OrderOutcome['status'],
        placedAtMs: row.placed_ms,
        finalAtMs: row.final_ms ?? undefined,
      },
    ]),
  );
};

/** Waits (bounded) until every accepted order is final, printing progress; returns how many are not. */
export const waitUntilPeerFinal = async (
  schema: string,
  orderIds: readonly string[],
  timeoutMs: number,
): Promise<number> => {
  let final = 0;
  try {
    await waitFor(
      'every peer order to be final',
      async () => {
        const [row] = await query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${schema}.orders
            WHERE id = ANY($1::uuid[]) AND status <> 'PENDING'`,
          [orderIds],
        );
        final = row?.n ?? 0;
        process.stderr.write(`  peer: ${final}/${orderIds.length} orders final\n`);
        return final === orderIds.length ? true : undefined;
      },
      { timeoutMs, intervalMs: 1_000 },
    );
  } catch {
    process.stderr.write(`  peer: gave up waiting after ${timeoutMs} ms\n`);
  }
  return orderIds.length - final;
};
