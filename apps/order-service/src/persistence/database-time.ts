import type { DataSource } from 'typeorm';

/** The database's clock now (clock_timestamp(), not the transaction's start). */
export const readDatabaseTime = async (db: DataSource): Promise<Date> => {
  const [row]: { now: Date }[] = await db.query('SELECT clock_timestamp() AS now');
  if (row === undefined) throw new Error('clock_timestamp() returned no row');
  return row.now;
};
