import { describe, expect, it } from '@jest/globals';
import { ReplayProgress } from './replay-progress.js';

const ranges = [
  { topic: 'orders.events', partition: 0, start: 10, end: 20 },
  { topic: 'orders.events', partition: 1, start: 0, end: 5 },
  { topic: 'payments.events', partition: 0, start: 7, end: 7 },
];
const clock = (start = 1_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('ReplayProgress', () => {
  it('given nothing applied, when asked, then it is at 0 of the ranges total and not caught up', () => {
    const progress = new ReplayProgress(ranges);

    expect(progress.total).toBe(15);
    expect(progress.done()).toBe(0);
    expect(progress.caughtUp()).toBe(false);
  });

  it('given a slice applied, when asked, then done counts it before the partition is finished', () => {
    const progress = new ReplayProgress(ranges);

    progress.recordApplied('orders.events', 0, 4, 14);

    expect(progress.done()).toBe(4);
    expect(progress.caughtUp()).toBe(false);
  });

  it('given records beyond a range end, when counted, then done stops at the total and is caught up', () => {
    const progress = new ReplayProgress(ranges);

    progress.recordApplied('orders.events', 0, 12, 22);
    progress.recordApplied('orders.events', 1, 5, 5);

    expect(progress.done()).toBe(15);
    expect(progress.caughtUp()).toBe(true);
  });

  it('given slices reported out of order, when an older one comes last, then the partition does not move back', () => {
    const progress = new ReplayProgress(ranges);

    progress.recordApplied('orders.events', 1, 3, 3);
    progress.recordApplied('orders.events', 1, 2, 2);

    expect(progress.nextOffset('orders.events', 1)).toBe(3);
  });

  it('given a replay that caught up, when finished twice, then the rate is computed once, from the first slice', () => {
    const time = clock();
    const progress = new ReplayProgress(ranges, time.now);
    time.advance(15_000); // joining the group is no part of the apply rate
    progress.recordApplied('orders.events', 0, 10, 20);
    time.advance(500);
    progress.recordApplied('orders.events', 1, 5, 5);

    const first = progress.finish();
    time.advance(10_000);

    expect(first).toEqual({ events: 15, total: 15, applySeconds: 0.5, eventsPerSecond: 30 });
    expect(progress.finish()).toBe(first);
  });

  it('given nothing to replay, when finished, then there is no rate rather than a division by zero', () => {
    const progress = new ReplayProgress([
      { topic: 'orders.events', partition: 0, start: 3, end: 3 },
    ]);

    expect(progress.caughtUp()).toBe(true);
    expect(progress.finish()).toEqual({
      events: 0,
      total: 0,
      applySeconds: 0,
      eventsPerSecond: null,
    });
  });
});
