import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import * as kit from '../testing/outbox-test-kit.js';
import { type MaintenanceDeps, runInboxCommand, runOutboxCommand } from './maintenance-command.js';

/** The commands a person runs from the outbox and inbox pages, on a schema of the test database. */
describe('npm run outbox / npm run inbox: maintenance a person can invoke (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  const output: string[] = [];
  let opened = 0;
  const deps: MaintenanceDeps = {
    env: { DATABASE_URL: kit.TEST_DATABASE_URL },
    openDatabase: () => {
      opened += 1;
      return new DataSource({ ...db.options, migrations: [], migrationsRun: false }).initialize();
    },
    print: (line) => output.push(line),
    printError: (line) => output.push(line),
  };
  const parkedRow = async (attempts: number): Promise<string> => {
    const [row] = (await db.dataSource.query(
      `INSERT INTO outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key,
         message_id, type, headers, payload, attempts, last_error)
       VALUES ($1, 'rabbitmq', 'test.missing', 'k', $2, 'TestHappened', '{}', '{}', $3, 'NOT_FOUND')
       RETURNING id`,
      [`order-${kit.uniqueSuffix()}`, randomUUID(), attempts],
    )) as Array<{ id: string }>;
    return String(row?.id);
  };
  const attemptsOf = async (id: string) =>
    Number(
      (
        (await db.dataSource.query(`SELECT attempts FROM outbox WHERE id = $1`, [id])) as Array<{
          attempts: number;
        }>
      )[0]?.attempts,
    );

  beforeAll(async () => {
    db = await kit.openOutboxSchema('maintenance');
    const inbox = await new DataSource({
      ...db.options,
      migrations: InboxMigrations,
      migrationsTableName: 'inbox_migrations',
    }).initialize();
    await inbox.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('given rows out of attempts, when a person retries one by id and then the rest, then each gets a new set and the output counts them', async () => {
    const [first, second, trying] = [await parkedRow(20), await parkedRow(25), await parkedRow(3)];

    expect(await runOutboxCommand(['retry-parked', 'order-service', '--ids', first], deps)).toBe(0);
    expect(output.pop()).toMatch(/^order-service: 1 parked outbox row\(s\) given 20 new attempts/);
    expect([await attemptsOf(first), await attemptsOf(second)]).toEqual([0, 25]);

    expect(await runOutboxCommand(['retry-parked', 'order-service'], deps)).toBe(0);
    expect(output.pop()).toMatch(/: 1 parked outbox row\(s\)/);
    expect([await attemptsOf(second), await attemptsOf(trying)]).toEqual([0, 3]);
  });

  it('given bad arguments, when run, then it exits 64 naming the problem with the usage, and opens no database', async () => {
    const before = opened;

    expect(await runOutboxCommand(['retry-parked', 'email-service'], deps)).toBe(64);
    expect(output.pop()).toMatch(/^no outbox in email-service; one of order-service/);
    expect(await runOutboxCommand(['retry-parked', 'order-service', '--ids', '1;DROP'], deps)).toBe(
      64,
    );
    expect(await runInboxCommand(['prune', 'order-service', '--older-than', '0d'], deps)).toBe(64);
    expect(output.pop()).toMatch(
      /--older-than takes a whole number of days or hours[\s\S]*usage: npm run inbox/,
    );
    expect(await runInboxCommand(['prune', 'order-service'], deps)).toBe(64);
    expect(opened).toBe(before);
  });

  it('given inbox records from 10 days and 1 hour ago, when pruned older than 7d, then only the old ones are deleted', async () => {
    const consumer = `maintenance-${kit.uniqueSuffix()}`;
    await db.dataSource.query(
      `INSERT INTO processed_messages (consumer, message_id, processed_at)
       SELECT $1, 'old-' || n, now() - interval '10 days' FROM generate_series(1, 3) n
       UNION ALL SELECT $1, 'new-' || n, now() - interval '1 hour' FROM generate_series(1, 2) n`,
      [consumer],
    );

    expect(await runInboxCommand(['prune', 'email-service', '--older-than', '7d'], deps)).toBe(0);

    expect(output.pop()).toBe(
      'email-service: 3 processed_messages row(s) older than 7 day(s) deleted',
    );
    const left = (await db.dataSource.query(
      `SELECT message_id FROM processed_messages WHERE consumer = $1 ORDER BY message_id`,
      [consumer],
    )) as Array<{ message_id: string }>;
    expect(left.map((row) => row.message_id)).toEqual(['new-1', 'new-2']);
  });
});
