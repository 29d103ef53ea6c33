import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import type { ProjectionRows } from '../invariants/stream-redelivery.rules.js';
import { redeliveryChangesNothing } from '../invariants/stream-redelivery.rules.js';
import type { Verdict } from '../invariants/verdict.js';
import { readRows } from '../readers/read-access.js';
import { readAnalyticsLag } from '../readers/kafka.reader.js';
import { rangesBetween, readRanges } from '../readers/kafka-ranges.js';
import type { SystemAddresses } from '../readers/system-addresses.js';
import { CONSUMED_TOPICS } from './planted-messages.js';

/** The aggregates in full, order facts of the run's orders: every table a query answers from. */
const AGGREGATES = ['refund_facts', 'orders_per_minute', 'daily_totals', 'product_sales_daily'];

export const readProjectionRows = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<ProjectionRows> => {
  const schema = addresses.analyticsSchema.replaceAll('"', '');
  const rows = (table: string, where = '', params: unknown[] = []) =>
    readRows<{ row: string }>(
      addresses.databases.analytics,
      `SELECT t::text AS row FROM "${schema}".${table} t ${where} ORDER BY 1`,
      params,
    ).then((found) => found.map((r) => r.row));
  const tables: Record<string, readonly string[]> = {
    order_facts: await rows('order_facts', 'WHERE order_id = ANY($1::uuid[])', [orderIds]),
  };
  for (const table of AGGREGATES) tables[table] = await rows(table);
  return tables;
};

/**
 * Writes every record the run window put on analytics-service's topics again, same key, value
 * and headers (so the same message id): what a producer retry or a replay delivers. How many.
 */
const redeliverWindow = async (
  addresses: SystemAddresses,
  window: Readonly<{ from: string; to: string }>,
): Promise<number> => {
  const kafka = new Kafka({
    clientId: 'chaos-lab-redelivery',
    brokers: addresses.kafkaBrokers.split(','),
    sasl: { mechanism: 'scram-sha-512', ...addresses.kafkaLogin },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  try {
    const topics = CONSUMED_TOPICS.map(({ topic }) => topic);
    const ranges = await rangesBetween(admin, topics, window.from, window.to);
    const copies: Array<{
      topic: string;
      key: Buffer | null;
      value: Buffer | null;
      headers: object;
    }> = [];
    await readRanges(kafka, admin, ranges, (topic, _, message) => {
      const headers = { ...message.headers, 'x-chaos-copy': 'redelivery' };
      copies.push({ topic, key: message.key, value: message.value, headers });
    });
    for (const { topic, ...message } of copies)
      await producer.send({ topic, messages: [message as never] });
    return copies.length;
  } finally {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  }
};

/**
 * After quiescence: the run's records delivered again to analytics-service, which must change
 * no projection row (pattern 4's "a replayed stream counts nothing twice").
 */
export const checkRedelivery = async (
  addresses: SystemAddresses,
  window: Readonly<{ from: string; to: string }>,
  orderIds: readonly string[],
  log: (event: string) => void,
  boundMs = 30_000,
): Promise<Verdict> => {
  log("delivering the window's Kafka records to analytics-service again");
  const before = await readProjectionRows(addresses, orderIds);
  const count = await redeliverWindow(addresses, window);
  log(`${count} records delivered again; waiting for analytics-service to read them`);
  const until = performance.now() + boundMs;
  while ((await readAnalyticsLag(addresses)) > 0) {
    if (performance.now() > until) log(`analytics-service still behind after ${boundMs / 1000} s`);
    if (performance.now() > until) break;
    await delay(250);
  }
  const after = await readProjectionRows(addresses, orderIds);
  log('projections read again');
  return redeliveryChangesNothing(before, after, count);
};
