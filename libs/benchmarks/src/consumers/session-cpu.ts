import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

// Linux reports process CPU time in USER_HZ ticks, 100 per second on every mainstream kernel.
const TICKS_PER_SECOND = 100;

const ticksOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // a session that ended took its ticks with it
  }
};

/**
 * CPU seconds of this process and of the PostgreSQL sessions it holds (found by application
 * name, so other clients of the same server are not counted), from `start()` to `stop()`.
 */
export const consumerCpu = (dataSource: DataSource, applicationName: string) => {
  const sessions = async (): Promise<number[]> =>
    (
      (await dataSource.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ])) as Array<{ pid: number }>
    ).map((row) => row.pid);
  let before = new Map<number, number>();
  let startedCpu = process.cpuUsage();
  return {
    start: async () => {
      before = new Map((await sessions()).map((pid) => [pid, ticksOf(pid)]));
      startedCpu = process.cpuUsage();
    },
    stop: async (): Promise<{ own: number; database: number }> => {
      const { user, system } = process.cpuUsage(startedCpu);
      const ticks = (await sessions()).reduce(
        (sum, pid) => sum + ticksOf(pid) - (before.get(pid) ?? 0),
        0,
      );
      return { own: (user + system) / 1e6, database: ticks / TICKS_PER_SECOND };
    },
  };
};
