import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type EntityManager } from 'typeorm';
import { localEnvironment, queryServiceDb } from '@pattern-shop/testing';
import { claimKey, releaseClaim } from './idempotency-key-rows.js';

const customerId = `claim-${randomUUID()}`;
const claimFor = (token: string) => ({ hash: 'hash', token, holdMs: 60_000 });

/** Issue 21's combined run: a retry met a claim its first attempt released a moment later. */
describe('claimKey on the real database', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: localEnvironment('order-service')['DATABASE_URL'] ?? '',
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await queryServiceDb('order-service', 'DELETE FROM idempotency_keys WHERE customer_id = $1', [
      customerId,
    ]);
    await dataSource?.destroy();
  });

  it('given a claim released between the retry losing the insert and reading the key, then the retry claims the key instead of failing', async () => {
    const ref = { customerId, key: randomUUID() };
    const first = randomUUID();
    await claimKey(dataSource.manager, ref, claimFor(first));
    // The first attempt fails and gives its claim back right after the retry's insert lost.
    let statements = 0;
    const racing = new Proxy(dataSource.manager, {
      get: (target, property, receiver) =>
        property === 'query'
          ? async (sql: string, params: unknown[]) => {
              const rows: unknown = await target.query(sql, params);
              if ((statements += 1) === 1) await releaseClaim(target, ref, first);
              return rows;
            }
          : Reflect.get(target, property, receiver),
    }) as EntityManager;

    const retry = randomUUID();
    const claim = await claimKey(racing, ref, claimFor(retry));

    expect(claim).toEqual({ kind: 'claimed', token: retry });
    const [row] = await queryServiceDb<{ claim_token: string }>(
      'order-service',
      'SELECT claim_token FROM idempotency_keys WHERE customer_id = $1 AND idempotency_key = $2',
      [customerId, ref.key],
    );
    expect(row?.claim_token).toBe(retry);
  });
});
