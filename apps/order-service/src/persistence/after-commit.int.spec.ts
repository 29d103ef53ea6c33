import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { localEnvironment } from '@pattern-shop/testing';
import { afterCommit } from './after-commit.js';

describe('afterCommit on the real database', () => {
  let dataSource: DataSource;
  const table = `after_commit_${process.pid}`;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: localEnvironment('order-service')['DATABASE_URL'] ?? '',
      poolSize: 3,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE ${table} (mark text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.query(`DROP TABLE IF EXISTS ${table}`);
    await dataSource?.destroy();
  });

  it('given many transactions on one data source, then it registers one subscriber there', async () => {
    for (const _ of [1, 2, 3])
      await dataSource.transaction(async (tx) => afterCommit(tx, () => undefined));

    expect(dataSource.subscribers).toHaveLength(1);
  });

  it('given a callback queued in a transaction, then it runs once the transaction has committed, when another session sees the write', async () => {
    const ran: string[] = [];
    let seenByAnotherSession: Promise<{ n: string }[]> | undefined;
    await dataSource.transaction(async (tx) => {
      afterCommit(tx, () => {
        ran.push('callback');
        seenByAnotherSession = dataSource.query(`SELECT count(*) AS n FROM ${table}`);
      });
      await tx.query(`INSERT INTO ${table} (mark) VALUES ('written')`);
      ran.push('last statement');
    });
    ran.push('transaction returned');

    expect(ran).toEqual(['last statement', 'callback', 'transaction returned']);
    expect(await seenByAnotherSession).toEqual([{ n: '1' }]);
  });

  it('given a callback queued in a transaction that fails, then it never runs', async () => {
    const ran: string[] = [];
    const failing = dataSource.transaction(async (tx) => {
      afterCommit(tx, () => ran.push('callback'));
      await tx.query('SELECT 1 / 0');
    });

    await expect(failing).rejects.toThrow(/division by zero/);
    expect(ran).toEqual([]);
  });

  it('given a savepoint released inside the transaction, then the callback waits for the outer commit', async () => {
    const ran: string[] = [];
    await dataSource.transaction(async (tx) => {
      await tx.transaction(async (inner) => {
        afterCommit(inner, () => ran.push('callback'));
      });
      ran.push('after the savepoint');
    });

    expect(ran).toEqual(['after the savepoint', 'callback']);
  });

  it('given a query runner used again after a rollback, then callbacks of the rolled-back transaction do not leak into the next', async () => {
    const runner = dataSource.createQueryRunner();
    const ran: string[] = [];
    try {
      await runner.startTransaction();
      afterCommit(runner.manager, () => ran.push('rolled back'));
      await runner.rollbackTransaction();
      await runner.startTransaction();
      afterCommit(runner.manager, () => ran.push('committed'));
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }

    expect(ran).toEqual(['committed']);
  });

  it('given a callback that throws, then the committed transaction still resolves', async () => {
    const done = await dataSource.transaction(async (tx) => {
      afterCommit(tx, () => {
        throw new Error('listener failed');
      });
      return 'committed';
    });

    expect(done).toBe('committed');
  });

  it('given no transaction, then the callback runs at once', () => {
    const ran: string[] = [];
    afterCommit(dataSource.manager, () => ran.push('callback'));

    expect(ran).toEqual(['callback']);
  });
});
