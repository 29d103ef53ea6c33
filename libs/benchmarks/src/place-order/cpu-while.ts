import { cpuSnapshot, TICKS_PER_SECOND, ticksByGroup } from '../checkout/cpu-usage.js';

/**
 * Runs `work` and returns, beside its result, the CPU seconds each group used meanwhile: the
 * labelled pids by their label (`labelsAfter` may name processes found only during the work),
 * and the servers of this network namespace by their command (postgres, rabbitmq, kafka...).
 */
export const cpuWhile = async <T>(
  labels: ReadonlyMap<number, string>,
  work: () => Promise<T>,
  labelsAfter: () => Promise<ReadonlyMap<number, string>> = async () => labels,
): Promise<{ result: T; cpuSeconds: Map<string, number> }> => {
  const before = cpuSnapshot(labels);
  const result = await work();
  const after = cpuSnapshot(await labelsAfter());
  const cpuSeconds = new Map(
    [...ticksByGroup(before, after)].map(([group, ticks]) => [group, ticks / TICKS_PER_SECOND]),
  );
  return { result, cpuSeconds };
};
