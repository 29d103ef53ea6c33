import { describe, expect, it } from '@jest/globals';
import { cleanSnapshot } from '../invariants/testing/snapshot-kit.js';
import { waitUntilQuiet } from './run-checks.js';

const quiet = cleanSnapshot();
const busy = { ...quiet, queues: [{ name: 'email.order-events', messages: 1 }] };

/** Answers the planted snapshots in turn, the last one for ever after. */
const reads = (...snapshots: (typeof quiet)[]) => {
  let n = 0;
  return async () => snapshots[Math.min(n++, snapshots.length - 1)] ?? quiet;
};

describe('waiting until a run is quiet', () => {
  it('given one quiet read between busy ones, then it is not taken for quiet', async () => {
    const settled = await waitUntilQuiet(reads(busy, quiet, busy, busy), 200, {
      settledMs: 30,
      pauseMs: 10,
    });

    expect(settled).toBeUndefined();
  });

  it('given quiet reads that agree for the settling time, then the first of them is when it went quiet', async () => {
    const started = performance.now();
    const settled = await waitUntilQuiet(reads(busy, busy, quiet), 2_000, {
      settledMs: 30,
      pauseMs: 10,
    });

    expect(settled).toBeDefined();
    expect(performance.now() - (settled ?? 0)).toBeGreaterThanOrEqual(30);
    expect((settled ?? 0) - started).toBeGreaterThanOrEqual(15);
  });
});
