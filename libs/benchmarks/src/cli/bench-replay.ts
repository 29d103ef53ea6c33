// Benchmark of pattern 4's replay: N events into bench topics of their own, a bare kafkajs consumer
// reading them, then analytics-service's replay command rebuilding projections from them, in the
// same run. Prints figures; asserts nothing. Usage: npm run bench:replay (BENCH_EVENTS=200000)
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { bareConsumerRate, type BenchTopics, produceBenchEvents } from '../replay/replay-events.js';
import { LOCAL_INFRA, localEnvironment, queryServiceDb, repoRoot } from '@pattern-shop/testing';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const run = promisify(execFile);

const main = async (): Promise<void> => {
  const id = randomBytes(4).toString('hex');
  const topics: BenchTopics = {
    orders: `bench-${id}.orders.events`,
    payments: `bench-${id}.payments.events`,
    inventory: `bench-${id}.inventory.events`,
  };
  const names = Object.values(topics);
  const group = `bench-${id}`;
  const schema = `bench_${id}`;
  const kafka = new Kafka({
    clientId: 'bench-replay',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: names.map((topic) => ({ topic, numPartitions: 6 })),
    });
    const startedAt = Date.now();
    await produceBenchEvents(kafka, topics, EVENTS);
    console.log(
      `produced ${EVENTS} events into 3 topics x 6 partitions in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );

    const bare = await bareConsumerRate(kafka, `${group}.bare`, names, EVENTS);
    console.log(
      `${'bare kafkajs consumer'.padEnd(32)} ${Math.round(bare).toString().padStart(7)} events/s`,
    );

    const { stdout } = await run(
      process.execPath,
      [
        join(repoRoot(), 'apps/analytics-service/dist/replay-projections/replay.cli.js'),
        '--from',
        'earliest',
      ],
      {
        env: {
          PATH: process.env['PATH'],
          ...localEnvironment('analytics-service'),
          LOG_LEVEL: 'warn',
          ANALYTICS_TOPICS: names.join(','),
          ANALYTICS_SCHEMA: schema,
          ANALYTICS_CONSUMER_GROUP: group,
          // Its own topics and group, not the service's: the operator's Kafka user reads them.
          KAFKA_USERNAME: LOCAL_INFRA.kafkaOperatorSasl.username,
          KAFKA_PASSWORD: LOCAL_INFRA.kafkaOperatorSasl.password,
        },
        maxBuffer: 16 << 20,
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      events: number;
      applySeconds: number;
    };
    const rate = result.events / result.applySeconds;
    console.log(
      `${'replay into the projections'.padEnd(32)} ${Math.round(rate).toString().padStart(7)} events/s (${result.events} events in ${result.applySeconds.toFixed(1)} s)`,
    );
    console.log(
      `the replay reaches ${((rate / bare) * 100).toFixed(0)} % of the bare consumer (target: at least 50,000 events/s)`,
    );
    const [totals] = await queryServiceDb<{ placed: string; confirmed: string; cancelled: string }>(
      'analytics-service',
      `SELECT sum(placed) AS placed, sum(confirmed) AS confirmed, sum(cancelled) AS cancelled FROM "${schema}".daily_totals`,
    );
    console.log(
      `projections hold: ${totals?.placed} placed, ${totals?.confirmed} confirmed, ${totals?.cancelled} cancelled`,
    );
  } finally {
    await admin.deleteTopics({ topics: names }).catch(() => undefined);
    await admin.deleteGroups([group, `${group}.bare`]).catch(() => undefined);
    await admin.disconnect();
    await queryServiceDb('analytics-service', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
