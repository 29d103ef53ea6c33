import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineBusyTicks, TICKS_PER_SECOND } from '../checkout/cpu-usage.js';

type Stat = Readonly<{ pid: number; ppid: number; ticks: number }>;

const statOf = (pid: number): Stat | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from the 3rd field (state) on
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // ended between listing and reading
  }
};

/**
 * Samples the CPU ticks of each named process and its descendants (PostgreSQL's backends are
 * children of the postmaster) until stopped, every 100 ms, because a backend that exits (a
 * client disconnecting) takes its ticks with it. Only these trees count, not other servers.
 */
export const sampleTreeCpu = (roots: ReadonlyMap<string, number>) => {
  const first = new Map<number, number>();
  const last = new Map<number, { group: string; ticks: number }>();
  let initial = true; // a process seen first later was born during the run: all its ticks count
  const sample = () => {
    const all = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => statOf(Number(entry)))
      .filter((stat): stat is Stat => stat !== undefined);
    for (const [group, root] of roots) {
      const tree = new Set([root]);
      for (const stat of all) if (tree.has(stat.ppid)) tree.add(stat.pid);
      for (const stat of all.filter((candidate) => tree.has(candidate.pid))) {
        if (!first.has(stat.pid)) first.set(stat.pid, initial ? stat.ticks : 0);
        last.set(stat.pid, { group, ticks: stat.ticks });
      }
    }
    initial = false;
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    /** CPU seconds per named tree since the sampler started. */
    stop: (): Map<string, number> => {
      clearInterval(timer);
      sample();
      const seconds = new Map<string, number>();
      for (const [pid, { group, ticks }] of last) {
        const used = (ticks - (first.get(pid) ?? 0)) / TICKS_PER_SECOND;
        seconds.set(group, (seconds.get(group) ?? 0) + used);
      }
      return seconds;
    },
  };
};

/** The pids infra/local wrote for its servers (PostgreSQL's postmaster, Kafka's broker). */
export const serverPids = (stateDir: string): Map<string, number> => {
  const pidOf = (name: string) =>
    Number(readFileSync(join(stateDir, 'run', `${name}.pid`), 'utf8').trim());
  return new Map([
    ['postgres', pidOf('postgres')],
    ['kafka', pidOf('kafka')],
  ]);
};

/** The machine's busy CPU seconds (all cores, every process), from /proc/stat. */
export const machineBusySeconds = (): number => machineBusyTicks() / TICKS_PER_SECOND;
