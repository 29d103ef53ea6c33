import { localAddresses, readOutboxRowsOf, readProjections } from '@pattern-shop/chaos-checker';

/**
 * Where one order's OrderPlaced went: the rows order-service's outbox made of it (none when it
 * was published from memory) and whether analytics-service, at the end of Kafka, counted it.
 */
export const factTrail = async (orderId: string): Promise<string[]> => {
  const addresses = localAddresses();
  const rows = await readOutboxRowsOf(addresses.databases.orders, orderId, 'OrderPlaced');
  const [projected] = await readProjections(addresses, [orderId]);
  const lines = [`order ${orderId}, its OrderPlaced fact:`];
  if (rows.length === 0)
    lines.push(
      '  order-service outbox: no row (published from memory after the commit, if at all)',
    );
  for (const row of rows) {
    const state =
      row.publishedAt === null
        ? `waiting, ${row.attempts} attempt(s)${row.lastError === null ? '' : `, last error: ${row.lastError}`}`
        : `published at ${row.publishedAt} after ${row.attempts} failed attempt(s)`;
    lines.push(`  order-service outbox, to ${row.destination}: ${state}`);
  }
  lines.push(
    projected?.placedTotalCents === null || projected === undefined
      ? '  analytics-service (reads Kafka): has not heard of it'
      : `  analytics-service (reads Kafka): counted it as placed, ${(projected.placedTotalCents / 100).toFixed(2)} EUR`,
  );
  return lines;
};
