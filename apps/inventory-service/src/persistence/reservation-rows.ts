import type { EntityManager } from 'typeorm';
import type { RequestedLine } from '@pattern-shop/inventory-domain';

export type ReservationStatus = 'RESERVED' | 'RELEASED' | 'REJECTED';

export type Reservation = Readonly<{
  orderId: string;
  status: ReservationStatus;
  lines: RequestedLine[];
  reason: string | null;
  unavailableSkus: string[];
}>;

type ReservationRow = {
  order_id: string;
  status: ReservationStatus;
  lines: RequestedLine[];
  reason: string | null;
  unavailable_skus: string[];
};

const toReservation = (row: ReservationRow): Reservation => ({
  orderId: row.order_id,
  status: row.status,
  lines: row.lines,
  reason: row.reason,
  unavailableSkus: row.unavailable_skus,
});

type NewReservation = Readonly<{
  orderId: string;
  status: ReservationStatus;
  lines: readonly RequestedLine[];
  reason?: string;
  unavailableSkus?: readonly string[];
  at: Date;
}>;

/**
 * Makes the commands for one order run one at a time, until the transaction ends, whichever
 * instance handles them. Taken first, before any row lock, so a transaction never holds a product
 * row while waiting for an order: the lock order is always order, then products in SKU order.
 * A transaction-level advisory lock, because the reservation row it would guard may not exist yet.
 */
export const lockOrder = async (tx: EntityManager, orderId: string): Promise<void> => {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `reservation:${orderId}`,
  ]);
};

/**
 * Records the order's reservation unless the order already has one; true when this call wrote it.
 * Under `lockOrder` no other transaction for the order is running, so this only finds a row that
 * is committed; the primary key still guards the rule should a caller forget the lock.
 */
export const recordReservation = async (
  tx: EntityManager,
  { orderId, status, lines, reason, unavailableSkus = [], at }: NewReservation,
): Promise<boolean> => {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO reservations (order_id, status, lines, reason, unavailable_skus, recorded_at,
       reserved_at, released_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6,
       CASE WHEN $2 = 'RESERVED' THEN $6::timestamptz END,
       CASE WHEN $2 = 'RELEASED' THEN $6::timestamptz END)
     ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
    [orderId, status, JSON.stringify(lines), reason ?? null, [...unavailableSkus], at],
  );
  return inserted.length === 1;
};

/** The order's reservation, locked until the transaction ends; undefined when there is none. */
export const lockReservation = async (
  tx: EntityManager,
  orderId: string,
): Promise<Reservation | undefined> => {
  const rows: ReservationRow[] = await tx.query(
    `SELECT order_id, status, lines, reason, unavailable_skus
       FROM reservations WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  return rows[0] === undefined ? undefined : toReservation(rows[0]);
};

export const markReleased = async (
  tx: EntityManager,
  orderId: string,
  reason: string,
  at: Date,
): Promise<void> => {
  await tx.query(
    `UPDATE reservations SET status = 'RELEASED', reason = $2, released_at = $3
      WHERE order_id = $1`,
    [orderId, reason, at],
  );
};
