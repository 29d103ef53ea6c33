import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { StreamBatch } from '@pattern-shop/messaging-kafka';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { localEnvironment } from '@pattern-shop/testing';
import { anOrder, lifeOf, newRun } from '@pattern-shop/analytics-service-testing';
import {
  dropProjectionSchema,
  ensureProjectionTables,
} from '../persistence/projections/projection-schema.js';
import type { Sql } from '../persistence/sql.js';
import { ApplyStreamBatchHandler } from './apply-stream-batch.handler.js';
import type { DecodeMode } from './decode-records.js';

const run = newRun();
const controls = { heartbeat: async () => undefined, isStale: () => false };

/** A partition's batch of envelopes from offset `from` on, as the consumer hands it over. */
const batchOf = (envelopes: readonly object[], from: number): StreamBatch => ({
  topic: 'orders.events',
  partition: 0,
  highWatermark: from + envelopes.length,
  records: envelopes.map((body, n) => ({
    topic: 'orders.events',
    partition: 0,
    offset: from + n,
    key: null,
    value: Buffer.from(JSON.stringify(body)),
    headers: {},
    timestamp: 0,
  })),
});

/** A transaction whose `nth` statement fails: the process dying mid-batch, before its commit. */
const crashingAt = (dataSource: DataSource, nth: number) =>
  ({
    transaction: <T>(work: (tx: Sql) => Promise<T>) =>
      dataSource.transaction((tx) => {
        let statements = 0;
        const query = (sql: string, params?: unknown[]) =>
          ++statements === nth ? Promise.reject(new Error('crash')) : tx.query(sql, params);
        return work({ query });
      }),
  }) as unknown as DataSource;

/** The batch transaction at the store level, on the real PostgreSQL (the Kafka side: crash-before-offset-commit.int.spec.ts). */
describe.each<DecodeMode>(['live', 'replay'])(
  'analytics-service: one transaction per batch (%s)',
  (mode) => {
    const schema = `${run.schema}_${mode}`;
    let dataSource: DataSource;
    const handler = (db: DataSource) =>
      new ApplyStreamBatchHandler({
        dataSource: db,
        schema,
        decodeMode: mode,
        now: () => new Date(),
      });
    const totals = async () => {
      const [row] = (await dataSource.query(
        `SELECT coalesce(sum(placed), 0)::int AS placed, coalesce(sum(confirmed), 0)::int AS confirmed,
         coalesce(sum(revenue_cents), 0)::int AS revenue,
         (SELECT coalesce(sum(quantity), 0)::int FROM "${schema}".product_sales_daily) AS sold,
         (SELECT next_offset::int FROM "${schema}".stream_positions) AS next
       FROM "${schema}".daily_totals`,
      )) as Array<Record<string, number | null>>;
      return row;
    };

    beforeAll(async () => {
      const url = localEnvironment('analytics-service')['DATABASE_URL'] as string;
      dataSource = await new DataSource(
        dataSourceOptions({ url, applicationName: 'batch-crash-test', pool: { max: 2 } }),
      ).initialize();
      await ensureProjectionTables(dataSource, schema);
    }, 30_000);

    afterAll(async () => {
      await dropProjectionSchema(dataSource, schema);
      await dataSource.destroy();
    });

    const [first, second] = [anOrder(run, 0), anOrder(run, 1)];
    const lives = [first, second].map((order) => lifeOf(order, run.day).map((e) => e.envelope));
    const [a = [], b = []] = lives;

    it('given a batch that dies after its first upserts, when it comes again, then nothing of the first attempt counts', async () => {
      const batch = batchOf(a, 0);
      await expect(handler(crashingAt(dataSource, 3)).handle(batch, controls)).rejects.toThrow(
        'crash',
      );
      expect(await totals()).toEqual({ placed: 0, confirmed: 0, revenue: 0, sold: 0, next: null });

      await handler(dataSource).handle(batch, controls);
      const sold = first.skus.reduce((n, line) => n + line.quantity, 0);
      expect(await totals()).toEqual({
        placed: 1,
        confirmed: 1,
        revenue: first.totalCents,
        sold,
        next: 4,
      });
    });

    it('given a batch carrying facts applied before and one fact twice, when applied, then each counts once and the position moves on', async () => {
      const batch = batchOf([...a, ...b, b[0] ?? {}, ...b], 4);
      const outcome = await handler(dataSource).handle(batch, controls);

      expect(outcome.applied).toBe(2); // the second order's placed and confirmed, once each
      const sold = [first, second].flatMap((o) => o.skus).reduce((n, line) => n + line.quantity, 0);
      expect(await totals()).toEqual({
        placed: 2,
        confirmed: 2,
        revenue: first.totalCents + second.totalCents,
        sold,
        next: 4 + batch.records.length,
      });
    });
  },
);
