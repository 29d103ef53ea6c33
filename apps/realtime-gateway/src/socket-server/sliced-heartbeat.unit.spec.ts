import { describe, expect, it } from '@jest/globals';
import { SlicedHeartbeat, type IntervalTimers } from './sliced-heartbeat.js';

/** Timers that run only when the test says so. */
const manualTimers = () => {
  const armed = new Map<number, { callback: () => void; ms: number }>();
  let nextHandle = 1;
  const timers: IntervalTimers = {
    setInterval: (callback, ms) => {
      armed.set(nextHandle, { callback, ms });
      return nextHandle++;
    },
    clearInterval: (handle) => armed.delete(handle as number),
  };
  const tick = () => [...armed.values()].forEach(({ callback }) => callback());
  return { timers, armed, tick };
};

const heartbeatWith = (intervalMs: number | undefined) => {
  const clock = manualTimers();
  const emitted: number[] = [];
  const heartbeat = new SlicedHeartbeat(
    (slice) => emitted.push(slice),
    { intervalMs, slices: 3 },
    clock.timers,
  );
  return { heartbeat, emitted, ...clock };
};

describe("realtime-gateway's sliced heartbeat", () => {
  it('given no socket open, then no timer is armed at all', () => {
    const { heartbeat, armed } = heartbeatWith(3_000);

    expect(heartbeat.running).toBe(false);
    expect(armed.size).toBe(0);
  });

  it('given a socket opens, then one timer every interval / slices sends to each slice in turn', () => {
    const { heartbeat, armed, tick, emitted } = heartbeatWith(3_000);

    heartbeat.opened();
    tick();
    tick();
    tick();
    tick();

    expect([...armed.values()].map(({ ms }) => ms)).toEqual([1_000]);
    expect(emitted).toEqual([0, 1, 2, 0]);
  });

  it('given sockets open one after another, then they join the slices round robin and share one timer', () => {
    const { heartbeat, armed } = heartbeatWith(3_000);

    const slices = [heartbeat.opened(), heartbeat.opened(), heartbeat.opened(), heartbeat.opened()];

    expect(slices).toEqual([0, 1, 2, 0]);
    expect(armed.size).toBe(1);
  });

  it('given two sockets, when one closes, then the timer runs on; when the last closes, it stops', () => {
    const { heartbeat, armed } = heartbeatWith(3_000);
    heartbeat.opened();
    heartbeat.opened();

    heartbeat.closed();
    expect(armed.size).toBe(1);

    heartbeat.closed();
    expect(armed.size).toBe(0);
    expect(heartbeat.running).toBe(false);
  });

  it('given every socket left, when one opens again, then the heartbeat starts again', () => {
    const { heartbeat, armed, tick, emitted } = heartbeatWith(3_000);
    heartbeat.opened();
    heartbeat.closed();

    heartbeat.opened();
    tick();

    expect(armed.size).toBe(1);
    expect(emitted).toEqual([0]);
  });

  it('given no application heartbeat (the weak variant), when sockets open, then no timer is armed', () => {
    const { heartbeat, armed } = heartbeatWith(undefined);

    heartbeat.opened();

    expect(armed.size).toBe(0);
  });
});
