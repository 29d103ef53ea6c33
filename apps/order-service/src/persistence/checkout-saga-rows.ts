import type { EntityManager } from 'typeorm';
import {
  type CheckoutSagaState,
  fromStoredState,
  type SagaLogEntry,
  toStoredState,
} from '@pattern-shop/checkout-saga';

// The only writer of checkout_sagas and checkout_saga_steps: the saga's runtime calls it.

export type LockedSaga = Readonly<{
  state: CheckoutSagaState;
  version: number;
  /** The correlation id of the request that placed the order: every later message carries it. */
  correlationId: string;
}>;

/** A new saga and the steps that started it, in one statement (one round trip of the order's). */
export const insertSaga = async (
  tx: EntityManager,
  state: CheckoutSagaState,
  log: readonly SagaLogEntry[],
  causedBy: string | undefined,
): Promise<void> => {
  // The steps' foreign key is checked at the end of the statement, after both inserts.
  await tx.query(
    `WITH saga AS (
       INSERT INTO checkout_sagas (order_id, status, state, version, deadline_at, started_at, updated_at)
       VALUES ($1, $2, $3, 1, $4, $5, $5))
     INSERT INTO checkout_saga_steps (order_id, at, input, from_status, to_status, note, caused_by)
     SELECT $1, at, input, from_status, to_status, note, $6
       FROM jsonb_to_recordset($7::jsonb) AS s(at timestamptz, input text, from_status text, to_status text, note text)`,
    [
      state.orderId,
      state.status,
      toStoredState(state),
      state.deadlineAt,
      state.startedAt,
      causedBy ?? null,
      stepsJson(log),
    ],
  );
};

/**
 * Reads the saga and locks its row until the transaction ends: two replies for one order (or a
 * reply and a passing deadline) are applied one after the other, never on the same old state.
 */
export const lockSaga = async (
  tx: EntityManager,
  orderId: string,
): Promise<LockedSaga | undefined> => {
  const [row]: { state: unknown; version: number; correlation_id: string }[] = await tx.query(
    `SELECT s.state, s.version, o.correlation_id
       FROM checkout_sagas s JOIN orders o ON o.id = s.order_id
      WHERE s.order_id = $1
        FOR UPDATE OF s`,
    [orderId],
  );
  if (row === undefined) return undefined;
  return {
    state: fromStoredState(row.state),
    version: row.version,
    correlationId: row.correlation_id,
  };
};

/**
 * Stores the new state and appends the step's log in one statement (the steps are inserted only
 * if the state was); the version check is a second guard beside the row lock.
 */
export const saveSagaStep = async (
  tx: EntityManager,
  previousVersion: number,
  state: CheckoutSagaState,
  now: Date,
  { log, causedBy }: Readonly<{ log: readonly SagaLogEntry[]; causedBy: string | undefined }>,
): Promise<void> => {
  // Wrapped in CTEs, the UPDATE answers rows through TypeORM, not [rows, count].
  const updated: unknown[] = await tx.query(
    `WITH updated AS (
       UPDATE checkout_sagas SET status = $3, state = $4, version = version + 1, deadline_at = $5, updated_at = $6
        WHERE order_id = $1 AND version = $2
        RETURNING order_id),
     steps AS (
       INSERT INTO checkout_saga_steps (order_id, at, input, from_status, to_status, note, caused_by)
       SELECT updated.order_id, s.at, s.input, s.from_status, s.to_status, s.note, $7
         FROM updated
         CROSS JOIN ROWS FROM (jsonb_to_recordset($8::jsonb)
           AS (at timestamptz, input text, from_status text, to_status text, note text))
           WITH ORDINALITY AS s(at, input, from_status, to_status, note, n)
        ORDER BY s.n)
     SELECT order_id FROM updated`,
    [
      state.orderId,
      previousVersion,
      state.status,
      toStoredState(state),
      state.deadlineAt,
      now,
      causedBy ?? null,
      stepsJson(log),
    ],
  );
  if (updated.length !== 1) {
    throw new Error(
      `checkout saga ${state.orderId} changed under us (expected version ${previousVersion})`,
    );
  }
};

/** Sagas whose deadline passed, locked for this poller; another instance skips them. */
export const lockDueSagas = async (
  tx: EntityManager,
  now: Date,
  limit: number,
): Promise<string[]> => {
  const rows: { order_id: string }[] = await tx.query(
    `SELECT order_id FROM checkout_sagas
      WHERE deadline_at IS NOT NULL AND deadline_at <= $1
      ORDER BY deadline_at
      LIMIT $2
        FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map((row) => row.order_id);
};

const stepsJson = (log: readonly SagaLogEntry[]): string =>
  JSON.stringify(
    log.map((entry) => ({
      at: entry.at,
      input: entry.input,
      from_status: entry.from,
      to_status: entry.to,
      note: entry.note ?? null,
    })),
  );

/** The earliest deadline of any saga, passed or not; undefined when no saga waits for one. */
export const nextSagaDeadline = async (manager: EntityManager): Promise<Date | undefined> => {
  const [row]: { next: Date | null }[] = await manager.query(
    `SELECT min(deadline_at) AS next FROM checkout_sagas WHERE deadline_at IS NOT NULL`,
  );
  return row?.next ?? undefined;
};
