import type { EntityManager } from 'typeorm';

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
