// One instance of the full consumer path, as a process of its own: `subscribe` (prefetch,
// decode and schema validation, retry topology) + `handleOnce` (the inbox transaction, alone or
// joining a batch's) + ack after commit. The handler's own effect is empty, so the figure is the
// price of the path itself (`handled` counts a batch's messages just before its commit).
// Started by bench-consumers.ts; talks to it over IPC: 'ready' -> 'go' -> { handled } -> 'stop'.
import { DataSource } from 'typeorm';
import { decodeMessage, handleOnce } from '@pattern-shop/messaging-inbox';
import { RabbitConnection, subscribe, type Subscription } from '@pattern-shop/messaging-rabbitmq';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { BENCH_TOPOLOGY } from './bench-messages.js';
import { consumerCpu } from './session-cpu.js';

const prefetch = Number(process.env['BENCH_PREFETCH'] ?? 20);
// Empty: one inbox transaction per message; a number: that many deliveries per transaction.
const batch = process.env['BENCH_INBOX_BATCH'] ?? '';
const send = (message: unknown) => process.send?.(message);

const applicationName = `bench-consumer-${process.pid}`;
const dataSource = new DataSource(
  dataSourceOptions({
    url: LOCAL_INFRA.postgres('orders', 'order_service'),
    applicationName,
    pool: { max: prefetch },
  }),
);
await dataSource.initialize();
const cpu = consumerCpu(dataSource, applicationName);
const connection = new RabbitConnection({
  url: LOCAL_INFRA.rabbitmqUrl,
  connectionName: `bench-consumer-${process.pid}`,
});
await connection.start();

let handled = 0;
let subscription: Subscription | undefined;
const reporter = setInterval(() => send({ handled }), 50);

process.on('message', (message) => {
  if (message === 'go') {
    void cpu
      .start()
      .then(() =>
        subscribe(connection, {
          queue: BENCH_TOPOLOGY.fullPathQueue,
          exchange: BENCH_TOPOLOGY.exchange,
          routingKeys: [BENCH_TOPOLOGY.routingKey],
          prefetch,
          decode: decodeMessage,
          service: 'bench',
          ...(batch === '' ? {} : { inboxBatch: { maxMessages: Number(batch) } }),
          handle: async (envelope) => {
            await handleOnce(dataSource, BENCH_TOPOLOGY.inboxConsumer, envelope.messageId, () =>
              Promise.resolve(),
            );
            handled += 1;
          },
        }),
      )
      .then((started) => (subscription = started));
  }
  if (message === 'stop') {
    clearInterval(reporter);
    void (async () => {
      send({ handled, cpu: await cpu.stop() });
      await subscription?.close();
      await connection.close();
      await dataSource.destroy();
      process.exit(0);
    })();
  }
});
send('ready');
