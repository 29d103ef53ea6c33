import { loadavg } from 'node:os';
import type { AppName } from '@pattern-shop/contracts';

/** What the bench counts as the stack besides the apps: the servers they need. */
const SERVERS = ['postgres', 'rabbitmq', 'kafka', 'smtp-sink'] as const;
/** Reported, not counted: it watches the stack (its scrapes' cost in the apps is counted). */
const OBSERVERS = ['prometheus'] as const;

const percent = (cores: number) => `${(cores * 100).toFixed(2).padStart(6)} %`;

export const loadAverages = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

/** Prints % of one core per app and server, the stack's total and the target. */
export const printIdleReport = (
  apps: readonly AppName[],
  cores: ReadonlyMap<string, number>,
  seconds: number,
  target: number,
): boolean => {
  const of = (group: string) => cores.get(group) ?? 0;
  const row = (group: string, note = '') =>
    console.log(`  ${group.padEnd(20)} ${percent(of(group))}${note}`);
  console.log(`\nat rest, CPU over ${seconds.toFixed(1)} s as % of one core:`);
  apps.forEach((app) => row(app));
  row('postgres', '  (every backend summed)');
  row('rabbitmq', '  (beam.smp and its helpers)');
  row('kafka', '  (java)');
  row('smtp-sink', '  (MailDev)');
  const total = [...apps, ...SERVERS].reduce((sum, group) => sum + of(group), 0);
  console.log(`  ${'total'.padEnd(20)} ${percent(total)}   target < ${percent(target).trim()}`);
  for (const group of OBSERVERS) row(group, '  (not counted: the scraper, every 5 s)');
  row('everything else', '  (not counted: the bench, other sessions, the kernel)');
  console.log(`load average (1, 5, 15 min): ${loadAverages()}`);
  const met = total < target;
  console.log(met ? 'target met' : 'target NOT met');
  return met;
};
