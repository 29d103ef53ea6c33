import type { RelayAtRateFigures } from './relay-at-rate.js';

/** The target for the relay: 5,000 rows/s with commit-to-confirm p99 under 100 ms. */
export const RELAY_TARGET = { rowsPerSecond: 5_000, p99Ms: 100 } as const;

const RELAY_GROUPS = ['order-service', 'relay sessions', 'rabbitmq', 'kafka'] as const;
const BARE_GROUPS = ['bare client', 'rabbitmq', 'kafka'] as const;

/** CPU per unit of work of each group and in all, shown as `a 12 + b 3 = 15 us`. */
export const cpuPerUnit = (
  cpu: ReadonlyMap<string, number>,
  groups: readonly string[],
  units: number,
  unit: 'us' | 'ms',
) => {
  const [scale, digits] = unit === 'us' ? [1e6, 0] : [1e3, 2];
  const parts = groups.map((group): [string, number] => [
    group,
    ((cpu.get(group) ?? 0) / units) * scale,
  ]);
  const total = parts.reduce((sum, [, value]) => sum + value, 0);
  const shown = parts.map(([group, value]) => `${group} ${value.toFixed(digits)}`).join(' + ');
  return { total, text: `${shown} = ${total.toFixed(digits)} ${unit}` };
};

/**
 * The relay's latency and CPU per row beside bare publish-with-confirms of the same messages.
 * The target is judged on the rows pgbench wrote per second, not on the rate it was asked for: on
 * a busy machine pgbench falls behind its schedule, and the relay then had less to do.
 */
export const relayBesideBare = (
  ordersPerSecond: number,
  seconds: number,
  figures: RelayAtRateFigures,
): string[] => {
  const { bare } = figures;
  const relayCpu = cpuPerUnit(figures.cpuSeconds, RELAY_GROUPS, figures.rows, 'us');
  const bareCpu = cpuPerUnit(bare.cpuSeconds, BARE_GROUPS, bare.messages, 'us');
  const rowsPerSecond = Math.round(figures.rows / seconds);
  const met = rowsPerSecond >= RELAY_TARGET.rowsPerSecond && figures.p99 < RELAY_TARGET.p99Ms;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    `relay at ${ordersPerSecond} orders/s offered = ${ordersPerSecond * 3} rows/s; written ${rowsPerSecond} rows/s (${figures.orders} orders, ${figures.rows} rows written by pgbench in ${seconds} s): ` +
      `commit-to-confirm p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}, max ${ms(figures.max)} ` +
      `(target: ${RELAY_TARGET.rowsPerSecond} rows/s with p99 under ${RELAY_TARGET.p99Ms} ms: ${met ? 'met' : 'not met'})`,
    `bare publish-with-confirms, same messages and rate (${bare.messages} messages): ` +
      `publish-to-confirm p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}, max ${ms(bare.max)}`,
    `CPU per row, relay: ${relayCpu.text} (PostgreSQL's other processes ${(((figures.cpuSeconds.get('postgres') ?? 0) / figures.rows) * 1e6).toFixed(0)} us, mostly the writer's)`,
    `CPU per message, bare: ${bareCpu.text}`,
    `relay / bare: CPU ${(relayCpu.total / bareCpu.total).toFixed(1)}x, p99 ${(figures.p99 / bare.p99).toFixed(1)}x`,
  ];
};
