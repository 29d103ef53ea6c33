// Benchmark of patterns 2 and 3's consumer path: messages per second through `subscribe` +
// inbox transaction + ack after commit, one transaction per message and one per inbox batch,
// with one and two consumer processes, beside bare amqplib publish/consume with confirms in the
// same run. Prints figures and the ratio to bare consume against the 50 % target; asserts nothing.
// Usage: npm run bench:consumers   (BENCH_MESSAGES, BENCH_PREFETCH, BENCH_INBOX_BATCH to change it;
// BENCH_CPU_PROF=<dir> writes each consumer process's V8 CPU profile there).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { batchSizeOf, declareSubscriberTopology } from '@pattern-shop/messaging-rabbitmq';
import { infra, LOCAL_INFRA, queryServiceDb, waitFor } from '@pattern-shop/testing';
import { bareAmqplib, publishWithConfirms, type Rate } from '../consumers/bare-amqplib.js';
import { BENCH_TOPOLOGY } from '../consumers/bench-messages.js';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const PREFETCH = Number(process.env['BENCH_PREFETCH'] ?? 20);
// Deliveries per inbox transaction in the batched runs; by default what `subscribe` would pick.
const INBOX_BATCH = Number(process.env['BENCH_INBOX_BATCH'] ?? batchSizeOf({}, PREFETCH));
const TARGET_PERCENT = 50; // issue 20: the full path at half of bare amqplib's consume + ack
const WORKER = fileURLToPath(new URL('../consumers/consumer-worker.js', import.meta.url));
const CPU_PROF = process.env['BENCH_CPU_PROF'];
// A delivery costs tens of µs: samples every 100 µs instead of V8's default 1 ms.
const PROFILE_FLAGS = ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, '--cpu-prof-interval=100'];
const workerExecArgv = [...process.execArgv, ...(CPU_PROF === undefined ? [] : PROFILE_FLAGS)];

const show = (label: string, r: Rate) =>
  console.log(
    `${label.padEnd(52)} ${r.perSecond.toFixed(0).padStart(7)} msg/s  (${r.messages} in ${r.seconds.toFixed(2)} s)`,
  );

type Cpu = NonNullable<Rate['cpu']>;
type Worker = { child: ChildProcess; handled: () => number; cpu: () => Cpu };

const startWorker = async (inboxBatch: number | undefined): Promise<Worker> => {
  const env = {
    ...process.env,
    BENCH_PREFETCH: String(PREFETCH),
    BENCH_INBOX_BATCH: inboxBatch === undefined ? '' : String(inboxBatch),
  };
  const child = fork(WORKER, [], { env, execArgv: workerExecArgv });
  let handled = 0;
  let cpu: Cpu = { own: 0, database: 0 };
  let ready = false;
  child.on('message', (message) => {
    if (message === 'ready') return void (ready = true);
    const report = message as { handled: number; cpu?: Cpu };
    handled = report.handled;
    cpu = report.cpu ?? cpu;
  });
  await waitFor('a consumer process to start', async () => (ready ? true : undefined));
  return { child, handled: () => handled, cpu: () => cpu };
};

/** Fills the queue with the consumers stopped, then times how long `instances` take to drain it. */
const fullPath = async (instances: number, inboxBatch?: number): Promise<Rate> => {
  const workers = await Promise.all(
    Array.from({ length: instances }, () => startWorker(inboxBatch)),
  );
  await publishWithConfirms(BENCH_TOPOLOGY.exchange, BENCH_TOPOLOGY.routingKey, MESSAGES);
  const startedAt = performance.now();
  workers.forEach(({ child }) => child.send('go'));
  const total = () => workers.reduce((sum, worker) => sum + worker.handled(), 0);
  let last = 0;
  await waitFor(
    `${instances} consumer(s) to handle ${MESSAGES} messages`,
    async () => {
      const done = total();
      if (done - last >= MESSAGES / 10) {
        process.stderr.write(`  ${done}/${MESSAGES} handled\n`);
        last = done;
      }
      return done >= MESSAGES ? true : undefined;
    },
    { timeoutMs: 600_000, intervalMs: 20 },
  );
  const seconds = (performance.now() - startedAt) / 1_000;
  const exits = workers.map(({ child }) => new Promise((resolve) => child.once('exit', resolve)));
  workers.forEach(({ child }) => child.send('stop'));
  await Promise.all(exits);
  const spread = workers.map((worker) => worker.handled()).join(' + ');
  console.log(`  handled per instance: ${spread}`);
  const cpu = workers.reduce(
    (sum, worker) => ({
      own: sum.own + worker.cpu().own,
      database: sum.database + worker.cpu().database,
    }),
    { own: 0, database: 0 },
  );
  return { messages: MESSAGES, seconds, perSecond: MESSAGES / seconds, cpu };
};

/** CPU microseconds per message: the consumer process, and its PostgreSQL sessions. */
const cpuPerMessage = ({ cpu, messages }: Rate): { own: number; total: number } => ({
  own: ((cpu?.own ?? 0) / messages) * 1e6,
  total: (((cpu?.own ?? 0) + (cpu?.database ?? 0)) / messages) * 1e6,
});

const declareBenchQueue = async () => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  const channel = await connection.createChannel();
  await declareSubscriberTopology(channel, {
    queue: BENCH_TOPOLOGY.fullPathQueue,
    exchange: BENCH_TOPOLOGY.exchange,
    routingKeys: [BENCH_TOPOLOGY.routingKey],
    retryDelaysMs: [1_000, 10_000, 60_000],
  });
  await channel.purgeQueue(BENCH_TOPOLOGY.fullPathQueue);
  await connection.close();
};

const cleanUp = async () => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  const channel = await connection.createChannel();
  const { fullPathQueue } = BENCH_TOPOLOGY;
  for (const queue of [
    fullPathQueue,
    `${fullPathQueue}.dlq`,
    ...['1s', '10s', '60s'].map((d) => `${fullPathQueue}.retry.${d}`),
  ]) {
    await channel.deleteQueue(queue);
  }
  await channel.deleteExchange(BENCH_TOPOLOGY.exchange);
  await connection.close();
  await queryServiceDb('order-service', 'DELETE FROM processed_messages WHERE consumer = $1', [
    BENCH_TOPOLOGY.inboxConsumer,
  ]);
};

console.log(
  `consumer benchmark: ${MESSAGES} messages per run, prefetch ${PREFETCH}, ` +
    `inbox batches of up to ${INBOX_BATCH}`,
);
await infra('up', 'postgres', 'rabbitmq');
try {
  await declareBenchQueue();
  const runs: Array<[string, Rate]> = [];
  const run = async (label: string, instances: number, inboxBatch?: number) => {
    const rate = await fullPath(instances, inboxBatch);
    show(label, rate);
    runs.push([label, rate]);
  };
  await run('full path, a transaction per message, 1 instance', 1);
  await run('full path, inbox batches, 1 instance', 1, INBOX_BATCH);
  await run('full path, inbox batches, 2 instances', 2, INBOX_BATCH);
  const bare = await bareAmqplib(MESSAGES, PREFETCH);
  show('bare amqplib publish with confirms', bare.publish);
  show('bare amqplib consume + ack', bare.consume);
  console.log(`ratio to bare consume + ack (target ${TARGET_PERCENT} %):`);
  for (const [label, rate] of runs) {
    const percent = (rate.perSecond / bare.consume.perSecond) * 100;
    const verdict = percent >= TARGET_PERCENT ? 'meets' : 'below';
    console.log(`  ${label.padEnd(52)} ${percent.toFixed(1).padStart(5)} %  ${verdict}`);
  }
  // On a shared machine msg/s measures the cores; CPU per message measures the path's own cost.
  const bareCost = cpuPerMessage(bare.consume).own;
  console.log(`CPU per message (bare amqplib consume + ack: ${bareCost.toFixed(0)} us):`);
  for (const [label, rate] of runs) {
    const { own, total } = cpuPerMessage(rate);
    const percent = (bareCost / total) * 100;
    console.log(
      `  ${label.padEnd(52)} ${own.toFixed(0).padStart(5)} us consumer + ` +
        `${(total - own).toFixed(0).padStart(4)} us PostgreSQL = ${total.toFixed(0).padStart(5)} us ` +
        `(bare is ${percent.toFixed(1)} % of it)`,
    );
  }
} finally {
  await cleanUp();
}
