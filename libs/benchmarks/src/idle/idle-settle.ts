import { coresUsed, cpuSnapshot } from '../checkout/cpu-usage.js';

const WINDOW_MS = 5_000;
const MAX_SETTLE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cores the labelled apps used together over one window. */
const appsCores = async (labels: ReadonlyMap<number, string>): Promise<number> => {
  const appNames = new Set(labels.values());
  const before = cpuSnapshot(labels);
  await sleep(WINDOW_MS);
  return coresUsed(before, cpuSnapshot(labels))
    .filter(([group]) => appNames.has(group))
    .reduce((sum, [, cores]) => sum + cores, 0);
};

/**
 * Waits out the start-up: a fresh app compiles its hot code, its Kafka consumers join their
 * groups (a rebalance takes seconds) and its pools fill. After `minMs`, it samples 5 s windows
 * until the apps' CPU stops falling (a window at least 80 % of the one before), at most 60 s more.
 */
export const settleAfterStart = async (
  labels: ReadonlyMap<number, string>,
  minMs: number,
  progress: (line: string) => void,
): Promise<void> => {
  progress(`warming up for ${minMs / 1_000} s (start-up work is not rest)`);
  await sleep(minMs);
  const deadline = Date.now() + MAX_SETTLE_MS;
  let previous = Number.POSITIVE_INFINITY;
  for (;;) {
    const cores = await appsCores(labels);
    progress(`apps together over the last 5 s: ${(cores * 100).toFixed(2)} % of a core`);
    if (cores >= previous * 0.8) return;
    if (Date.now() >= deadline) {
      progress('the apps were still quietening after 60 s; measuring anyway');
      return;
    }
    previous = cores;
  }
};
