import type { EntityManager } from 'typeorm';

/** Caps every later statement of this transaction at `ms`; PostgreSQL cancels one that runs longer. */
export const limitStatementTime = async (tx: EntityManager, ms: number): Promise<void> => {
  await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(ms)]);
};
