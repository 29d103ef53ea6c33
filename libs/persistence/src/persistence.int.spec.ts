import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { startTcpProxy } from '@pattern-shop/testing';
import { databaseProbe } from './database.probe.js';
import { dataSourceOptions } from './persistence.module.js';

// The test database and role that infra/local creates for library tests.
const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';

class CreatePersistenceProbeTable1700000000000 implements MigrationInterface {
  name = 'CreatePersistenceProbeTable1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE persistence_probe (id integer PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE persistence_probe');
  }
}

const open = async (pool: { max: number; acquireTimeoutMs: number }): Promise<DataSource> =>
  new DataSource(
    dataSourceOptions({
      url: TEST_DATABASE_URL,
      applicationName: 'persistence-int-spec',
      migrations: [CreatePersistenceProbeTable1700000000000],
      pool,
    }),
  ).initialize();

describe('persistence helper on the real PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const cleanup = await open({ max: 1, acquireTimeoutMs: 2_000 });
    await cleanup.query('DROP TABLE IF EXISTS persistence_probe');
    await cleanup
      .query(`DELETE FROM migrations WHERE name = 'CreatePersistenceProbeTable1700000000000'`)
      .catch(() => undefined);
    await cleanup.destroy();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('given a pending migration, when the data source starts, then the migration has run exactly once', async () => {
    dataSource = await open({ max: 1, acquireTimeoutMs: 300 });
    await dataSource.destroy();
    dataSource = await open({ max: 1, acquireTimeoutMs: 300 }); // a second start must not re-run it
    const applied = await dataSource.query(
      `SELECT count(*)::int AS n FROM migrations WHERE name = 'CreatePersistenceProbeTable1700000000000'`,
    );
    expect(applied).toEqual([{ n: 1 }]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM persistence_probe')).toEqual([
      { n: 0 },
    ]);
  });

  it('given a pool of one held by a transaction, when another query needs a connection, then it fails after the acquire timeout', async () => {
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    try {
      const started = Date.now();
      await expect(dataSource.query('SELECT 1')).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      await holder.release();
    }
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('given the database answers, then the readiness probe passes; when it goes away, then the probe fails', async () => {
    const proxy = await startTcpProxy(Number(new URL(TEST_DATABASE_URL).port));
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(proxy.port);
    const viaProxy = await new DataSource(
      dataSourceOptions({
        url: url.toString(),
        applicationName: 'probe-test',
        pool: { max: 2, acquireTimeoutMs: 500 },
      }),
    ).initialize();
    try {
      await expect(databaseProbe(viaProxy).check()).resolves.toBeUndefined();
      await proxy.cut();
      await expect(databaseProbe(viaProxy).check()).rejects.toThrow(
        /ECONNREFUSED|terminated|Connection/i,
      );
    } finally {
      await viaProxy.destroy().catch(() => undefined);
    }
  });
});
