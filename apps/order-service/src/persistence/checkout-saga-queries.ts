import type { EntityManager } from 'typeorm';
import type { CheckoutSagaStatus } from '@pattern-shop/checkout-saga';

export type SagaStep = Readonly<{
  at: string;
  input: string;
  from: string | null;
  to: string;
  note: string | null;
  /** The message (reply), deadline or request that caused the step. */
  causedBy: string | null;
}>;

/** A saga's row as an operator's view reads it; the state is decoded by the caller. */
export type SagaRow = Readonly<{ state: unknown; version: number; updated_at: Date }>;

export const readSagaRow = async (
  db: EntityManager,
  orderId: string,
): Promise<SagaRow | undefined> => {
  const [row]: SagaRow[] = await db.query(
    `SELECT state, version, updated_at FROM checkout_sagas WHERE order_id = $1`,
    [orderId],
  );
  return row;
};

/** Sagas in one state, most recently changed first. */
export const listSagaRows = async (
  db: EntityManager,
  status: CheckoutSagaStatus,
  limit: number,
): Promise<SagaRow[]> =>
  db.query(
    `SELECT state, version, updated_at FROM checkout_sagas WHERE status = $1
      ORDER BY updated_at DESC LIMIT $2`,
    [status, limit],
  );

export const readSteps = async (db: EntityManager, orderId: string): Promise<SagaStep[]> => {
  const rows: {
    at: Date;
    input: string;
    from_status: string | null;
    to_status: string;
    note: string | null;
    caused_by: string | null;
  }[] = await db.query(
    `SELECT at, input, from_status, to_status, note, caused_by FROM checkout_saga_steps
      WHERE order_id = $1 ORDER BY id`,
    [orderId],
  );
  return rows.map((row) => ({
    at: row.at.toISOString(),
    input: row.input,
    from: row.from_status,
    to: row.to_status,
    note: row.note,
    causedBy: row.caused_by,
  }));
};

export const countSagasByStatus = async (
  db: EntityManager,
): Promise<Partial<Record<CheckoutSagaStatus, number>>> => {
  const rows: { status: CheckoutSagaStatus; n: number }[] = await db.query(
    `SELECT status, count(*)::int AS n FROM checkout_sagas GROUP BY status`,
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
};

/** Seconds since the oldest saga still waiting on a step started; 0 when none waits. */
export const oldestInFlightSagaSeconds = async (db: EntityManager): Promise<number> => {
  const [row]: { age: number | null }[] = await db.query(
    `SELECT extract(epoch FROM now() - min(started_at))::float8 AS age FROM checkout_sagas
     WHERE status IN ('CHARGING', 'VOIDING', 'RESERVING', 'REFUNDING')`,
  );
  return Math.max(0, row?.age ?? 0);
};
