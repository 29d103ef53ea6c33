import type { EntityManager } from 'typeorm';

/** Whether the saga voided the order's charge: then it is only looked up, never made. */
export const isChargeVoided = async (db: EntityManager, orderId: string): Promise<boolean> => {
  const rows: unknown[] = await db.query(`SELECT 1 FROM charge_voids WHERE order_id = $1`, [
    orderId,
  ]);
  return rows.length === 1;
};

/** Fences the order against any later charge; a repeated void keeps the first row. */
export const recordChargeVoid = async (
  tx: EntityManager,
  orderId: string,
  reason: string,
  voidedAt: Date,
): Promise<void> => {
  await tx.query(
    `INSERT INTO charge_voids (order_id, reason, voided_at) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO NOTHING`,
    [orderId, reason, voidedAt],
  );
};
