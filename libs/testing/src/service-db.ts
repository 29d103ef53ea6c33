import pg from 'pg';
import { localEnvironment } from './local-environment.js';
import type { ServiceName } from '@pattern-shop/contracts';

/**
 * Runs one query on a service's own database with that service's role: how a test checks
 * what was (or was not) written. Tests read; only the service writes.
 */
export const queryServiceDb = async <Row = Record<string, unknown>>(
  service: ServiceName,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> => {
  const url = localEnvironment(service)['DATABASE_URL'];
  if (url === undefined) throw new Error(`${service} has no database`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, [...params])).rows as Row[];
  } finally {
    await client.end();
  }
};
