import { describe, expect, it } from '@jest/globals';
import { IdleBackoff } from './idle-backoff.js';

const clock = { ms: 0 };
const backoff = () =>
  new IdleBackoff({ intervalMs: 100, maxMs: 1_000, retryWindowMs: 60_000, now: () => clock.ms });
const listening = { wokenOnCommit: true, destinationDown: false };
const pauses = (relay: IdleBackoff, polls: number, conditions = listening) =>
  Array.from({ length: polls }, () => relay.nextPause(conditions));

describe('IdleBackoff', () => {
  it('given a listener and empty polls, then the pause doubles from the interval up to the ceiling', () => {
    clock.ms = 0;
    expect(pauses(backoff(), 6)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('given a backed-off relay, when a commit is announced or rows are found, then it starts over', () => {
    clock.ms = 0;
    const relay = backoff();
    pauses(relay, 5);
    relay.busy();
    expect(pauses(relay, 2)).toEqual([100, 200]);
  });

  it('given no listener, then every pause is the interval: polling is the only way to find rows', () => {
    clock.ms = 0;
    expect(pauses(backoff(), 4, { wokenOnCommit: false, destinationDown: false })).toEqual([
      100, 100, 100, 100,
    ]);
  });

  it('given a broker down, then the pause stays at the interval, so probes keep their schedule', () => {
    clock.ms = 0;
    const relay = backoff();
    pauses(relay, 4);
    expect(pauses(relay, 2, { wokenOnCommit: true, destinationDown: true })).toEqual([100, 100]);
    expect(pauses(relay, 2)).toEqual([100, 200]);
  });

  it('given a failed row, then the pause stays short until the retry window has passed', () => {
    clock.ms = 10_000;
    const relay = backoff();
    relay.failed();
    clock.ms = 69_999;
    expect(pauses(relay, 3)).toEqual([100, 100, 100]);
    clock.ms = 70_000;
    expect(pauses(relay, 3)).toEqual([100, 200, 400]);
  });
});
