// Benchmark of patterns 2 and 3's consumer path: messages per second through `subscribe` +
// inbox transaction + ack after commit, with one and with two consumer processes, beside bare
// amqplib publish/consume with confirms in the same run. Prints figures; asserts nothing.
// Usage: npm run bench:consumers   (BENCH_MESSAGES, BENCH_PREFETCH to change the run)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { declareSubscriberTopology } from '@pattern-shop/messaging-rabbitmq';
import { infra, LOCAL_INFRA, queryServiceDb, waitFor } from '@pattern-shop/testing';
import { bareAmqplib, publishWithConfirms, type Rate } from '../consumers/bare-amqplib.js';
import { BENCH_TOPOLOGY } from '../consumers/bench-messages.js';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 20_000);
const PREFETCH = Number(process.env['BENCH_PREFETCH'] ?? 20);
const WORKER = fileURLToPath(new URL('../consumers/consumer-worker.js', import.meta.url));

const show = (label: string, r: Rate) =>
  console.log(
    `${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} msg/s  (${r.messages} in ${r.seconds.toFixed(2)} s)`,
  );

const startWorker = async (): Promise<{ child: ChildProcess; handled: () => number }> => {
  const child = fork(WORKER, [], { env: { ...process.env, BENCH_PREFETCH: String(PREFETCH) } });
  let handled = 0;
  let ready = false;
  child.on('message', (message) => {
    if (message === 'ready') ready = true;
    else handled = (message as { handled: number }).handled;
  });
  await waitFor('a consumer process to start', async () => (ready ? true : undefined));
  return { child, handled: () => handled };
};

/** Fills the queue with the consumers stopped, then times how long `instances` take to drain it. */
const fullPath = async (instances: number): Promise<Rate> => {
  const workers = await Promise.all(Array.from({ length: instances }, startWorker));
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
  return { messages: MESSAGES, seconds, perSecond: MESSAGES / seconds };
};

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

console.log(`consumer benchmark: ${MESSAGES} messages per run, prefetch ${PREFETCH}`);
await infra('up', 'postgres', 'rabbitmq');
try {
  await declareBenchQueue();
  const one = await fullPath(1);
  show('full path (subscribe + inbox + ack), 1 instance', one);
  const two = await fullPath(2);
  show('full path (subscribe + inbox + ack), 2 instances', two);
  const bare = await bareAmqplib(MESSAGES, PREFETCH);
  show('bare amqplib publish with confirms', bare.publish);
  show('bare amqplib consume + ack', bare.consume);
  console.log(
    `ratio to bare consume: 1 instance ${((one.perSecond / bare.consume.perSecond) * 100).toFixed(1)} %, ` +
      `2 instances ${((two.perSecond / bare.consume.perSecond) * 100).toFixed(1)} %; ` +
      `2 vs 1 instance: ${(two.perSecond / one.perSecond).toFixed(2)}x`,
  );
} finally {
  await cleanUp();
}
