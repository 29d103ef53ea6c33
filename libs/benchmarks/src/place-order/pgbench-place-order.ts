import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { localEnvironment, queryServiceDb, stateDir } from '@pattern-shop/testing';

const run = promisify(execFile);

// One transaction of the same shape as placing an order: the order, two lines, its history row,
// the checkout saga with its first step, and three outbox rows (OrderPlaced for RabbitMQ and for
// Kafka, the saga's ChargePayment) with the NOTIFY that wakes the relay, written into copies of
// the real tables. Four statements between BEGIN and COMMIT, as in order-service without an
// idempotency key: the order with its lines and history, its outbox rows with their NOTIFY, the
// saga with its first step, the command with its NOTIFY.
const SAGA_STATE =
  '{"lines": [{"sku": "MUG-001", "quantity": 1}, {"sku": "STICK-006", "quantity": 2}], "status": "CHARGING", "awaiting": "PaymentCharged", "currency": "EUR", "paymentId": null, "customerId": "bench", "totalCents": 1897, "orderStatus": "PENDING", "extraCharges": [], "compensationAttempts": 0}';
const SCRIPT = `
\\set n random(1, 1000000000)
SELECT gen_random_uuid() AS oid \\gset
BEGIN;
WITH placed AS (INSERT INTO bench.orders (id, customer_id, status, status_version, total_cents, currency, availability_checked, correlation_id, created_at, updated_at)
  VALUES (':oid', 'bench-' || :n, 'PENDING', 1, 1798, 'EUR', true, 'bench', now(), now())),
lines AS (INSERT INTO bench.order_lines (order_id, line_no, sku, quantity, unit_price_cents)
  VALUES (':oid', 1, 'MUG-001', 1, 899), (':oid', 2, 'STICK-006', 2, 499))
INSERT INTO bench.order_status_history (order_id, status_version, status, reason, changed_at)
  VALUES (':oid', 1, 'PENDING', 'placed', now());
WITH appended AS (INSERT INTO bench.outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key, message_id, type, headers, payload)
  VALUES (':oid', 'rabbitmq', 'shop.events', 'order.placed', gen_random_uuid(), 'OrderPlaced', '{}', '{"data":{}}'),
         (':oid', 'kafka', 'orders.events', ':oid', gen_random_uuid(), 'OrderPlaced', '{}', '{"data":{}}') RETURNING 1)
  SELECT pg_notify('bench_outbox_appended', '') FROM (SELECT count(*) FROM appended) AS rows;
WITH saga AS (INSERT INTO bench.checkout_sagas (order_id, status, state, version, deadline_at, started_at, updated_at)
  VALUES (':oid', 'CHARGING', '${SAGA_STATE}', 1, now() + interval '30 seconds', now(), now()))
INSERT INTO bench.checkout_saga_steps (order_id, at, input, from_status, to_status, note, caused_by)
  VALUES (':oid', now(), 'CheckoutStarted', NULL, 'CHARGING', NULL, 'bench');
WITH appended AS (INSERT INTO bench.outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key, message_id, type, headers, payload)
  VALUES (':oid', 'rabbitmq', '', 'payment.commands', gen_random_uuid(), 'ChargePayment', '{}', '{"data":{}}') RETURNING 1)
  SELECT pg_notify('bench_outbox_appended', '') FROM (SELECT count(*) FROM appended) AS rows;
COMMIT;
`;

/** pgbench ships with the PostgreSQL server package; Debian keeps it beside the server. */
const pgbenchBinary = async (): Promise<string> => {
  const { stdout } = await run('bash', [
    '-c',
    'command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1',
  ]);
  const found = stdout.trim();
  if (found === '')
    throw new Error('pgbench not found: run infra/local/up (it installs PostgreSQL)');
  return found;
};

/**
 * Runs pgbench with `script` (written to the state directory as `fileName`) against
 * order-service's database, without vacuuming first; resolves with what it printed.
 */
export const runPgbench = async (
  fileName: string,
  script: string,
  options: readonly string[],
): Promise<string> => {
  const file = join(stateDir(), fileName);
  writeFileSync(file, script);
  const url = localEnvironment('order-service')['DATABASE_URL'] as string;
  const { stdout } = await run(await pgbenchBinary(), ['-n', ...options, '-f', file, url], {
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
};

/** Transactions per second pgbench reaches with the same shape and concurrency, on the same server. */
export const pgbenchPlaceOrderShape = async ({
  clients,
  seconds,
}: {
  clients: number;
  seconds: number;
}): Promise<number> => {
  await queryServiceDb('order-service', 'DROP SCHEMA IF EXISTS bench CASCADE');
  await queryServiceDb('order-service', 'CREATE SCHEMA bench');
  for (const table of [
    'orders',
    'order_lines',
    'order_status_history',
    'checkout_sagas',
    'checkout_saga_steps',
    'outbox',
  ]) {
    // Same columns, defaults, indexes and checks; no foreign keys (LIKE does not copy them), as in
    // production the lines' foreign key check is cheap next to the inserts.
    await queryServiceDb(
      'order-service',
      `CREATE TABLE bench.${table} (LIKE public.${table} INCLUDING ALL)`,
    );
  }
  const stdout = await runPgbench('pgbench-place-order.sql', SCRIPT, [
    '-c',
    String(clients),
    '-j',
    '2',
    '-T',
    String(seconds),
  ]);
  await queryServiceDb('order-service', 'DROP SCHEMA bench CASCADE');
  const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
  if (tps === undefined) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps);
};
