import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { KAFKA_TOPICS } from '@pattern-shop/contracts';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  anOrder,
  lifeOf,
  produce,
  query,
} from '@pattern-shop/analytics-service-testing';
import { ANALYTICS_MIGRATIONS } from '../persistence/migrations/index.js';
import { replayProjections } from './replay-projections.js';

const harness = analyticsHarness();
const { run, databaseUrl, kafka, producer } = harness;
const quiet = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** The gauge `analytics_replay_progress_ratio` is read from replay_runs: that row must move during a replay. */
describe('analytics-service: a replay reports its progress as it applies', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    await harness.setUp();
    dataSource = await new DataSource(
      dataSourceOptions({
        url: databaseUrl,
        applicationName: 'replay-progress-test',
        migrations: ANALYTICS_MIGRATIONS,
        pool: { max: 8 },
      }),
    ).initialize();
  }, 90_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await harness.tearDown();
  }, 60_000);

  it('given more events than one slice, when replayed, then replay_runs shows each reported step before the swap, and one rate', async () => {
    const moment = new Date();
    await waitFor('the clock to pass the moment', async () =>
      Date.now() > moment.getTime() + 5 ? true : undefined,
    );
    const orders = Array.from({ length: 30 }, (_, n) => anOrder(run, n));
    await produce(
      producer,
      orders.flatMap((order, n) => lifeOf(order, new Date(run.day.getTime() + n * 60_000))),
    );
    const runId = `progress${run.id}`;
    const steps: Array<Promise<{ done: number; total: number; row: number }>> = [];
    const rowDone = async () =>
      Number(
        (
          await query<{ events_done: string }>(
            databaseUrl,
            `SELECT events_done FROM replay_runs WHERE id = $1`,
            [runId],
          )
        )[0]?.events_done ?? -1,
      );

    const result = await replayProjections({
      dataSource,
      kafka,
      logger: quiet,
      liveSchema: run.schema,
      consumerGroup: run.group,
      topics: Object.values(KAFKA_TOPICS),
      from: moment,
      runId,
      sliceRecords: 5,
      // Read the row the service's gauge reads, right when a step is reported.
      onProgress: (done, total) => steps.push(rowDone().then((row) => ({ done, total, row }))),
    });
    const seen = await Promise.all(steps);

    expect(result.total).toBeGreaterThanOrEqual(orders.length * 3);
    const midway = seen.filter((step) => step.done > 0 && step.done < step.total);
    expect(midway.length).toBeGreaterThan(0);
    for (const step of seen) expect(step.row).toBeGreaterThanOrEqual(step.done);
    expect(await rowDone()).toBe(result.total);
    expect(result.eventsPerSecond).toBe(Math.round(result.events / result.applySeconds));
  }, 120_000);
});
