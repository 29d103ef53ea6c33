import { describe, expect, it } from '@jest/globals';
import { brokenInvariants, checkInvariants } from './check-invariants.js';
import type { SystemSnapshot, WatchedOrder } from './snapshot.js';
import {
  cleanSnapshot,
  CONFIRMED_ID,
  DECLINED_ID,
  REFUNDED_ID,
  verdictOf,
} from './testing/snapshot-kit.js';

const withWatchers = (watchers: readonly WatchedOrder[] | undefined): SystemSnapshot => ({
  ...cleanSnapshot(),
  watchers,
});

/** The clean run's watchers: each shows its order as order-service has it. */
const upToDate = (): WatchedOrder[] => [...(cleanSnapshot().watchers ?? [])];

const watcherVerdict = (snapshot: SystemSnapshot) =>
  verdictOf(checkInvariants(snapshot), 'every watcher');

describe('invariant: every realtime watcher shows each followed order’s final status', () => {
  it('given every watcher shows what order-service has, then it holds', () => {
    const verdict = watcherVerdict(withWatchers(upToDate()));

    expect(verdict.result).toBe('pass');
    expect(verdict.observed).toBe('0 of 3 stale: 0 show an older status, 0 nothing');
  });

  it('given a watcher still showing PENDING for an order that was confirmed, and one showing nothing for a cancelled order, then it fails naming both and saying how many are stale', () => {
    const [confirmed, declined, refunded] = upToDate() as [
      WatchedOrder,
      WatchedOrder,
      WatchedOrder,
    ];
    const snapshot = withWatchers([
      { ...confirmed, shown: 'PENDING' },
      { ...declined, shown: undefined },
      refunded,
    ]);

    expect(brokenInvariants(checkInvariants(snapshot)).map((v) => v.invariant)).toEqual([
      "every watcher shows its orders' final status",
    ]);
    const verdict = watcherVerdict(snapshot);
    expect(verdict.offenders).toEqual([CONFIRMED_ID, DECLINED_ID]);
    expect(verdict.observed).toBe('2 of 3 stale: 1 show an older status, 1 nothing');
  });

  it('given two watchers on the same order, one caught up and one not, then only the stale one counts', () => {
    const snapshot = withWatchers([
      { watcher: 'a', orderId: REFUNDED_ID, shown: 'CANCELLED' },
      { watcher: 'b', orderId: REFUNDED_ID, shown: 'PENDING' },
    ]);

    expect(watcherVerdict(snapshot)).toMatchObject({
      result: 'fail',
      offenders: [REFUNDED_ID],
      observed: '1 of 2 stale: 1 show an older status, 0 nothing',
    });
  });

  it('given a watched order order-service does not have, then this invariant leaves it to "every 202 is one order"', () => {
    const unknown = '55555555-5555-4555-8555-555555555555';
    const snapshot = withWatchers([
      ...upToDate(),
      { watcher: 'x', orderId: unknown, shown: undefined },
    ]);

    expect(watcherVerdict(snapshot).result).toBe('pass');
  });

  it('given a run without watchers, then it is skipped, not passed', () => {
    expect(watcherVerdict(withWatchers(undefined)).result).toBe('skipped');
  });
});
