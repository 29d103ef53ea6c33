import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// Linux reports process CPU time in USER_HZ ticks, 100 per second on every mainstream kernel.
export const TICKS_PER_SECOND = 100;

export type CpuSnapshot = Readonly<{
  atMs: number;
  busyTicks: number;
  /** Ticks of each process seen, with its group: a process that ends takes its ticks with it. */
  byPid: Map<number, { group: string; ticks: number }>;
}>;

/** Total non-idle ticks of the machine, from the first line of /proc/stat. */
export const machineBusyTicks = (): number => {
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

// The servers by their command; RabbitMQ's helpers (port programs, epmd) count as RabbitMQ.
const SERVERS: Readonly<Record<string, string>> = {
  postgres: 'postgres',
  'beam.smp': 'rabbitmq',
  erl_child_setup: 'rabbitmq',
  inet_gethost: 'rabbitmq',
  epmd: 'rabbitmq',
  java: 'kafka',
  prometheus: 'prometheus',
};

/** The SMTP sink (MailDev) is a node process like the apps: told apart by its command line. */
const isSmtpSink = (pid: string): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('maildev');
  } catch {
    return false;
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
 * CPU ticks used so far per process, grouped: the named pids by their label, the servers by
 * their command (postgres, RabbitMQ's beam.smp, Kafka's java, MailDev, Prometheus). Servers count
 * only in the bench's own network namespace: another stack's PostgreSQL on the same machine (in
 * its own namespace) is not ours. Processes that end during a run take their ticks with them, so
 * the groups undercount short-lived work (a PostgreSQL backend whose connection closed); the
 * machine total does not.
 */
export const cpuSnapshot = (labels: ReadonlyMap<number, string>): CpuSnapshot => {
  const byPid = new Map<number, { group: string; ticks: number }>();
  const ownNamespace = networkNamespaceOf('self');
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const usage = processTicks(pid);
    if (usage === undefined) continue;
    const server =
      SERVERS[usage.command] ??
      (usage.command === 'node' && isSmtpSink(pid) ? 'smtp-sink' : undefined);
    const group =
      labels.get(Number(pid)) ??
      (server !== undefined && networkNamespaceOf(pid) === ownNamespace ? server : undefined);
    if (group === undefined) continue;
    byPid.set(Number(pid), { group, ticks: usage.ticks });
  }
  return { atMs: Date.now(), busyTicks: machineBusyTicks(), byPid };
};

/** Cores each group kept busy on average between two snapshots, the rest of the machine last. */
/**
 * Ticks each group used between two snapshots, summed per process, so one that ended between
 * them cannot make its group negative.
 */
export const ticksByGroup = (before: CpuSnapshot, after: CpuSnapshot): Map<string, number> => {
  const byGroup = new Map<string, number>();
  for (const [pid, { group, ticks }] of after.byPid) {
    byGroup.set(group, (byGroup.get(group) ?? 0) + ticks - (before.byPid.get(pid)?.ticks ?? 0));
  }
  return byGroup;
};

export const coresUsed = (before: CpuSnapshot, after: CpuSnapshot): [string, number][] => {
  const seconds = (after.atMs - before.atMs) / 1_000;
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  const byGroup = ticksByGroup(before, after);
  const groups = [...byGroup].map(([group, ticks]): [string, number] => [group, cores(ticks)]);
  const named = groups.reduce((sum, [, used]) => sum + used, 0);
  const machine = cores(after.busyTicks - before.busyTicks);
  return [...groups.sort((a, b) => b[1] - a[1]), ['everything else', machine - named]];
};
