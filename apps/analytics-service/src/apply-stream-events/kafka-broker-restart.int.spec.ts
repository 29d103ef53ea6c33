import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infra, stateDir, waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  anOrder,
  dayRange,
  getJson,
  lifeOf,
  produce,
} from '@pattern-shop/analytics-service-testing';

const harness = analyticsHarness();
const { run, producer } = harness;
const BEFORE = 40;
const AFTER = 40;

/** kafkajs's trap of a broker restart: the consumer must rejoin by itself and lose nothing. */
describe('analytics-service: the Kafka broker restarts under the stream consumer', () => {
  beforeAll(() => harness.setUp(), 60_000);
  afterAll(() => harness.tearDown(), 90_000);

  const funnelOf = async (baseUrl: string) =>
    (
      await getJson<{ placed: number; confirmed: number }>(
        baseUrl,
        `/analytics/funnel?${dayRange(run)}`,
      )
    ).body;

  it('given a consumer applying the stream, when Kafka stops and starts again, then it rejoins and every event counts exactly once', async () => {
    const service = await harness.startService({
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
    });
    await service.waitUntilReady();
    const at = new Date(run.day.getTime() + 5 * 60_000);
    const orders = Array.from({ length: BEFORE + AFTER }, (_, n) => anOrder(run, n));
    await produce(
      producer,
      orders.slice(0, BEFORE).flatMap((order) => lifeOf(order, at)),
    );
    await waitFor('the first orders counted', async () =>
      (await funnelOf(service.baseUrl)).confirmed >= BEFORE ? true : undefined,
    );

    await infra('down', 'kafka');
    await waitFor('the service to report Kafka down', async () =>
      (await service.readiness()).httpStatus === 503 ? true : undefined,
    );
    await infra('up', 'kafka');
    await service.waitUntilReady(90_000);
    await produce(
      producer,
      orders.slice(BEFORE).flatMap((order) => lifeOf(order, at)),
    );

    const funnel = await waitFor(
      'the orders after the restart counted',
      async () => {
        const body = await funnelOf(service.baseUrl);
        if (body.confirmed >= BEFORE + AFTER) return body;
        throw new Error(`placed ${body.placed}, confirmed ${body.confirmed}`);
      },
      { timeoutMs: 90_000 },
    ).catch((error: Error) => {
      // What the run's consumer did is the one clue a run that timed out leaves (its log file;
      // the process's recent output is full of applied records).
      const consumerLines = readFileSync(
        join(stateDir(), 'logs', 'apps', 'analytics-service.log'),
        'utf8',
      )
        .split('\n')
        .filter((line) => line.includes(run.group) && !line.includes('stream record applied'))
        .slice(-40);
      throw new Error(`${error.message}\n${consumerLines.join('\n')}`);
    });
    expect(funnel).toMatchObject({ placed: BEFORE + AFTER, confirmed: BEFORE + AFTER });
    expect(await service.readiness()).toMatchObject({ httpStatus: 200 });
  }, 240_000);
});
