import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { waitFor } from '@pattern-shop/testing';
import { handleOnce } from './handle-once.js';
import { InboxMigrations } from './inbox.migrations.js';
import { pruneProcessedMessages } from './prune-processed-messages.js';

const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ??
  'postgres://pattern_shop_test:pattern_shop_test_dev@127.0.0.1:5432/pattern_shop_test';
// A schema of this run's own: the migration runs from scratch and nothing leaks between runs.
const schema = `inbox_spec_${randomBytes(4).toString('hex')}`;
const applicationName = `inbox-int-spec-${schema}`;

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

const recordEffect = (manager: EntityManager, messageId: string, by = 'test') =>
  manager.query('INSERT INTO effects (message_id, applied_by) VALUES ($1, $2)', [messageId, by]);

describe('handleOnce on the real PostgreSQL', () => {
  let admin: DataSource;
  let dataSource: DataSource;

  const effectsOf = async (messageId: string): Promise<string[]> => {
    const rows: Array<{ applied_by: string }> = await dataSource.query(
      'SELECT applied_by FROM effects WHERE message_id = $1',
      [messageId],
    );
    return rows.map((row) => row.applied_by);
  };
  const recorded = async (consumer: string, messageId: string): Promise<number> => {
    const [row] = await dataSource.query(
      'SELECT count(*)::int AS n FROM processed_messages WHERE consumer = $1 AND message_id = $2',
      [consumer, messageId],
    );
    return (row as { n: number }).n;
  };
  /** Deliveries parked on another one's uncommitted inbox row. */
  const waitUntilBlockedOnLock = (deliveries = 1) =>
    waitFor(`${deliveries} deliveries waiting on the inbox row lock`, async () => {
      const [row] = await admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = $1 AND wait_event_type = 'Lock'`,
        [applicationName],
      );
      return (row as { n: number }).n === deliveries ? true : undefined;
    });

  beforeAll(async () => {
    admin = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const options = dataSourceOptions({
      url: TEST_DATABASE_URL,
      applicationName,
      migrations: InboxMigrations,
    });
    dataSource = await new DataSource({
      ...options,
      extra: { ...options.extra, options: `-c search_path=${schema}` },
    } as DataSourceOptions).initialize();
    await dataSource.query(
      'CREATE TABLE effects (id serial PRIMARY KEY, message_id text NOT NULL, applied_by text)',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.destroy();
  });

  it('given a new message, when handled, then the effect and the message id are committed together', async () => {
    const messageId = randomUUID();
    await expect(
      handleOnce(dataSource, 'email', messageId, (m) => recordEffect(m, messageId)),
    ).resolves.toBe('applied');
    expect(await effectsOf(messageId)).toHaveLength(1);
    expect(await recorded('email', messageId)).toBe(1);
  });

  it('given a message already handled, when it comes again, then the effect does not run and it is a duplicate', async () => {
    const messageId = randomUUID();
    await handleOnce(dataSource, 'email', messageId, (m) => recordEffect(m, messageId));
    let ranAgain = false;
    const outcome = await handleOnce(dataSource, 'email', messageId, async () => {
      ranAgain = true;
    });
    expect(outcome).toBe('duplicate');
    expect(ranAgain).toBe(false);
    expect(await effectsOf(messageId)).toHaveLength(1);
  });

  it('given one message, when two different consumers handle it, then each applies it once', async () => {
    const messageId = randomUUID();
    await handleOnce(dataSource, 'email', messageId, (m) => recordEffect(m, messageId, 'email'));
    const outcome = await handleOnce(dataSource, 'realtime', messageId, (m) =>
      recordEffect(m, messageId, 'realtime'),
    );
    expect(outcome).toBe('applied');
    expect((await effectsOf(messageId)).sort()).toEqual(['email', 'realtime']);
  });

  it('given an effect that fails half way, when handled, then nothing is recorded and a redelivery applies it', async () => {
    const messageId = randomUUID();
    const failing = handleOnce(dataSource, 'email', messageId, async (m) => {
      await recordEffect(m, messageId, 'failed attempt');
      throw new Error('SMTP timed out');
    });
    await expect(failing).rejects.toThrow('SMTP timed out');
    expect(await effectsOf(messageId)).toEqual([]);
    expect(await recorded('email', messageId)).toBe(0);

    await expect(
      handleOnce(dataSource, 'email', messageId, (m) => recordEffect(m, messageId, 'redelivery')),
    ).resolves.toBe('applied');
    expect(await effectsOf(messageId)).toEqual(['redelivery']);
  });

  it('given a first delivery still in its transaction, when a second one arrives, then it waits for the commit and is a duplicate', async () => {
    const messageId = randomUUID();
    const firstInside = deferred();
    const releaseFirst = deferred();
    const first = handleOnce(dataSource, 'email', messageId, async (m) => {
      await recordEffect(m, messageId, 'first');
      firstInside.resolve();
      await releaseFirst.promise;
    });
    await firstInside.promise;
    const second = handleOnce(dataSource, 'email', messageId, (m) =>
      recordEffect(m, messageId, 'second'),
    );
    await waitUntilBlockedOnLock();

    releaseFirst.resolve();
    expect(await Promise.all([first, second])).toEqual(['applied', 'duplicate']);
    expect(await effectsOf(messageId)).toEqual(['first']);
  });

  it('given a first delivery still in its transaction, when it rolls back, then the waiting second one applies', async () => {
    const messageId = randomUUID();
    const firstInside = deferred();
    const failFirst = deferred();
    const first = handleOnce(dataSource, 'email', messageId, async (m) => {
      await recordEffect(m, messageId, 'first');
      firstInside.resolve();
      await failFirst.promise;
      throw new Error('consumer crashed mid-effect');
    });
    await firstInside.promise;
    const second = handleOnce(dataSource, 'email', messageId, (m) =>
      recordEffect(m, messageId, 'second'),
    );
    await waitUntilBlockedOnLock();

    failFirst.resolve();
    await expect(first).rejects.toThrow('consumer crashed');
    await expect(second).resolves.toBe('applied');
    expect(await effectsOf(messageId)).toEqual(['second']);
  });

  it('given ten deliveries of one message at the same moment, then one applies while the nine others wait, and they are duplicates', async () => {
    const messageId = randomUUID();
    // The winner holds its transaction open until the nine others are parked behind its row.
    const applyWhenOthersWait = async (manager: EntityManager) => {
      await recordEffect(manager, messageId);
      await waitUntilBlockedOnLock(9);
    };
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleOnce(dataSource, 'email', messageId, applyWhenOthersWait),
      ),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(9);
    expect(await effectsOf(messageId)).toHaveLength(1);
  });

  it('given the weak variant no-inbox, when one message comes twice, then the effect runs twice and nothing is recorded', async () => {
    const messageId = randomUUID();
    const weak = { weak: true };
    for (const by of ['first delivery', 'redelivery']) {
      await expect(
        handleOnce(dataSource, 'email', messageId, (m) => recordEffect(m, messageId, by), weak),
      ).resolves.toBe('applied');
    }
    expect(await effectsOf(messageId)).toEqual(['first delivery', 'redelivery']);
    expect(await recorded('email', messageId)).toBe(0);
  });

  it('given records older and younger than the retention, when pruned in small batches, then only the old ones go', async () => {
    const consumer = `prune-${randomUUID()}`;
    await dataSource.query(
      `INSERT INTO processed_messages (consumer, message_id, processed_at)
       SELECT $1, 'old-' || n, now() - interval '20 days' FROM generate_series(1, 5) AS n
       UNION ALL
       SELECT $1, 'young-' || n, now() - interval '1 day' FROM generate_series(1, 3) AS n`,
      [consumer],
    );
    await expect(pruneProcessedMessages(dataSource, 14, { batchSize: 2 })).resolves.toBe(5);
    const left: Array<{ message_id: string }> = await dataSource.query(
      'SELECT message_id FROM processed_messages WHERE consumer = $1 ORDER BY message_id',
      [consumer],
    );
    expect(left.map((row) => row.message_id)).toEqual(['young-1', 'young-2', 'young-3']);
  });

  it('given nonsense arguments, then handleOnce and the pruning refuse them', async () => {
    await expect(handleOnce(dataSource, 'email', '', async () => undefined)).rejects.toThrow(
      TypeError,
    );
    await expect(pruneProcessedMessages(dataSource, 0)).rejects.toThrow(RangeError);
  });
});
