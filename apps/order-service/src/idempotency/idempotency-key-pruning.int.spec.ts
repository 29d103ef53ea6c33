import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createLogger } from '@pattern-shop/observability';
import { localEnvironment, queryServiceDb } from '@pattern-shop/testing';
import { IdempotencyKeyPruning } from './idempotency-key-pruning.js';

// Rows in 2001 and a clock set there: the prune's cutoff falls before every real key, so the
// test deletes only its own rows from the shared database.
const NOW = new Date('2001-02-03T03:00:00Z');
const HOUR = 3_600_000;
const customerId = `prune-${randomUUID()}`;

const db = <Row>(sql: string, params: unknown[] = []) =>
  queryServiceDb<Row>('order-service', sql, params);

const insertKey = (key: string, createdAt: string, answered: boolean) =>
  db(
    `INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, response_status,
       response_body, created_at, claim_token, claim_expires_at)
     VALUES ($1, $2, 'hash', $3, $4, $5, $6, clock_timestamp() + interval '1 minute')`,
    [customerId, key, answered ? 202 : null, answered ? '{}' : null, createdAt, randomUUID()],
  );

/** Issue 19 §7: Idempotency-Keys are pruned by age, on the real database, with a set clock. */
describe('IdempotencyKeyPruning', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: localEnvironment('order-service')['DATABASE_URL'] ?? '',
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await db('DELETE FROM idempotency_keys WHERE customer_id = $1', [customerId]);
    await dataSource?.destroy();
  });

  it('given keys older and newer than a 2-hour retention, when pruning runs, then the old answered ones go and the new ones and a claim still held stay', async () => {
    await insertKey('old', '2001-02-03T00:00:00Z', true);
    await insertKey('just-past-retention', '2001-02-03T00:59:59Z', true);
    await insertKey('old-but-still-claimed', '2001-02-03T00:00:00Z', false);
    await insertKey('new', '2001-02-03T01:00:01Z', true);
    await insertKey('newest', '2001-02-03T02:59:00Z', true);
    const pruning = new IdempotencyKeyPruning(
      dataSource,
      { retentionMs: 2 * HOUR, now: () => NOW },
      createLogger('order-service', 'silent'),
    );

    const pruned = await pruning.pruneOnce();

    const left = await db<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM idempotency_keys WHERE customer_id = $1 ORDER BY 1',
      [customerId],
    );
    expect(left.map((row) => row.idempotency_key)).toEqual([
      'new',
      'newest',
      'old-but-still-claimed',
    ]);
    expect(pruned).toBeGreaterThanOrEqual(2); // and any 2001 rows a crashed run left
  });
});
