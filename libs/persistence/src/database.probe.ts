import type { DataSource } from 'typeorm';

/** Readiness of the service's own database: a round trip through the pool. */
export const databaseProbe = (dataSource: DataSource) => ({
  name: 'database',
  check: async (): Promise<void> => {
    await dataSource.query('SELECT 1');
  },
});
