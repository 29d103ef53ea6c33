// Benchmark of pattern 4's replay: N events into bench topics of their own, a bare kafkajs consumer
// reading them, analytics-service's replay command rebuilding projections from them, and the bare
// consumer again, in the same run. Prints rates, their ratio and CPU per event for the consumer,
// PostgreSQL and Kafka; asserts nothing. Usage: npm run bench:replay (BENCH_EVENTS=200000;
// BENCH_CPU_PROF=<dir> writes the replay process's V8 CPU profile there).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { machineBusySeconds, sampleTreeCpu, serverPids } from '../replay/process-cpu.js';
import {
  bareConsumerRate,
  type BenchTopics,
  type ConsumerRun,
  produceBenchEvents,
} from '../replay/replay-events.js';
import {
  LOCAL_INFRA,
  localEnvironment,
  queryServiceDb,
  repoRoot,
  stateDir,
} from '@pattern-shop/testing';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const TARGET_RATE = 100_000;
const TARGET_RATIO = 0.5;
const run = promisify(execFile);
const profileArguments = (): string[] => {
  const dir = process.env['BENCH_CPU_PROF'];
  return dir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
};

/** Runs `work` and returns its result with the CPU seconds PostgreSQL's and Kafka's process trees used meanwhile. */
const withServerCpu = async <T>(work: () => Promise<T>) => {
  const sampler = sampleTreeCpu(serverPids(stateDir()));
  const busyBefore = machineBusySeconds();
  const startedAt = Date.now();
  const result = await work();
  const used = sampler.stop();
  const machineCores = (machineBusySeconds() - busyBefore) / ((Date.now() - startedAt) / 1000);
  return {
    result,
    postgres: used.get('postgres') ?? 0,
    kafka: used.get('kafka') ?? 0,
    machineCores,
  };
};

const line = (label: string, rate: number, cpu: Record<string, number>) => {
  const perEvent = (seconds: number) => ((seconds / EVENTS) * 1e6).toFixed(1).padStart(6);
  const costs = Object.entries(cpu).map(([name, s]) => `${name} ${perEvent(s)}`);
  console.log(
    `${label.padEnd(30)} ${Math.round(rate).toString().padStart(7)} events/s   CPU µs/event: ${costs.join('  ')}`,
  );
};

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
      `produced ${EVENTS} events into 3 topics x 6 partitions in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; load average ${loadavg()[0]?.toFixed(2)} (2 cores)`,
    );

    const bare = async (label: string, groupId: string) => {
      const measured = await withServerCpu(() => bareConsumerRate(kafka, groupId, names, EVENTS));
      const { eventsPerSecond, cpuSeconds }: ConsumerRun = measured.result;
      line(label, eventsPerSecond, { consumer: cpuSeconds, kafka: measured.kafka });
      return { rate: eventsPerSecond, cpuSeconds: cpuSeconds + measured.kafka };
    };
    const bareBefore = await bare('bare kafkajs consumer', `${group}.bare`);

    const replayed = await withServerCpu(async () => {
      const { stdout } = await run(
        process.execPath,
        [
          ...profileArguments(),
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
      return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        events: number;
        applySeconds: number;
        applyCpuSeconds: number;
      };
    });
    const { events, applySeconds, applyCpuSeconds } = replayed.result;
    const rate = events / applySeconds;
    line('replay into the projections', rate, {
      consumer: applyCpuSeconds,
      kafka: replayed.kafka,
      postgres: replayed.postgres,
    });
    const bareAfter = await bare('bare kafkajs consumer, again', `${group}.bare2`);

    const ratio = rate / ((bareBefore.rate + bareAfter.rate) / 2);
    const met = (yes: boolean) => (yes ? 'met' : 'NOT met');
    console.log(
      `the replay reaches ${Math.round(rate)} events/s (target: at least ${TARGET_RATE}, ${met(rate >= TARGET_RATE)}) and ${(ratio * 100).toFixed(0)} % of the bare consumer, the mean of the runs around it (target: at least ${TARGET_RATIO * 100} %, ${met(ratio >= TARGET_RATIO)})`,
    );
    // CPU per event is what the run can measure despite other sessions on the same cores.
    const bareCpu = (bareBefore.cpuSeconds + bareAfter.cpuSeconds) / 2;
    const replayCpu = applyCpuSeconds + replayed.kafka + replayed.postgres;
    console.log(
      `by CPU per event (consumer, Kafka and PostgreSQL together) the replay costs ${(replayCpu / bareCpu).toFixed(1)}x the bare consumer: ${((bareCpu / replayCpu) * 100).toFixed(0)} % of its rate where CPU is the only limit`,
    );
    console.log(
      `during the replay the machine was busy ${replayed.machineCores.toFixed(2)} of 2 cores (every process, other sessions included); load average ${loadavg()[0]?.toFixed(2)}`,
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
    await admin.deleteGroups([group, `${group}.bare`, `${group}.bare2`]).catch(() => undefined);
    await admin.disconnect();
    await queryServiceDb('analytics-service', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
