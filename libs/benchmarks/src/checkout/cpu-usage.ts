import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// Linux reports process CPU time in USER_HZ ticks, 100 per second on every mainstream kernel.
export const TICKS_PER_SECOND = 100;

export type CpuSnapshot = Readonly<{
  atMs: number;
  busyTicks: number;
  byGroup: Map<string, number>;
}>;

/** Total non-idle ticks of the machine, from the first line of /proc/stat. */
const machineBusyTicks = (): number => {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return fields.reduce((sum, value) => sum + value, 0) - idle;
};

const processTicks = (pid: string): { command: string; ticks: number } | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' '); // fields from the 3rd (state) on
    return {
      command: stat.slice(stat.indexOf('(') + 1, close),
      ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
    };
  } catch {
    return undefined; // the process ended between listing and reading
  }
};

const networkNamespaceOf = (pid: string): string | undefined => {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
};

/**
 * CPU ticks used so far, grouped: the named pids by their label, the servers by their command
 * (postgres, RabbitMQ's beam.smp, Kafka's java). Servers count only in the bench's own network
 * namespace: another stack's PostgreSQL on the same machine (in its own namespace) is not ours.
 * Processes that end during a run take their ticks with them, so the groups undercount
 * short-lived work; the machine total does not.
 */
export const cpuSnapshot = (labels: ReadonlyMap<number, string>): CpuSnapshot => {
  const servers: Record<string, string> = {
    postgres: 'postgres',
    'beam.smp': 'rabbitmq',
    java: 'kafka',
  };
  const byGroup = new Map<string, number>();
  const ownNamespace = networkNamespaceOf('self');
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const usage = processTicks(pid);
    const server = servers[usage?.command ?? ''];
    const group =
      labels.get(Number(pid)) ??
      (server !== undefined && networkNamespaceOf(pid) === ownNamespace ? server : undefined);
    if (usage === undefined || group === undefined) continue;
    byGroup.set(group, (byGroup.get(group) ?? 0) + usage.ticks);
  }
  return { atMs: Date.now(), busyTicks: machineBusyTicks(), byGroup };
};

/** Cores each group kept busy on average between two snapshots, the rest of the machine last. */
export const coresUsed = (before: CpuSnapshot, after: CpuSnapshot): [string, number][] => {
  const seconds = (after.atMs - before.atMs) / 1_000;
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  const groups = [...after.byGroup].map(([group, ticks]): [string, number] => [
    group,
    cores(ticks - (before.byGroup.get(group) ?? 0)),
  ]);
  const named = groups.reduce((sum, [, used]) => sum + used, 0);
  const machine = cores(after.busyTicks - before.busyTicks);
  return [...groups.sort((a, b) => b[1] - a[1]), ['everything else', machine - named]];
};
