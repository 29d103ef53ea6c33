import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { createLogger } from '@pattern-shop/observability';
import { OrderAdmission } from './order-admission.js';

const REFRESH_MS = 1_000;

/** Admission with a backlog the test sets, a clock it moves, and the reads it counts. */
const admissionWith = (backlog: number) => {
  const world = { backlog, now: 0, reads: 0, databaseDown: false };
  const admission = new OrderAdmission(
    { maxRequestsInFlight: 10, maxSagasInFlight: 5, refreshMs: REFRESH_MS },
    async () => {
      world.reads += 1;
      if (world.databaseDown) throw new Error('connection lost');
      return world.backlog;
    },
    new Registry(),
    createLogger('test', 'silent'),
    () => world.now,
  );
  return { admission, world };
};

const admitted = async (admission: OrderAdmission): Promise<boolean> => {
  const answer = await admission.admit();
  if (answer.admitted) answer.release();
  return answer.admitted;
};

describe("order-service's admission and its saga backlog figure", () => {
  it('given a fresh figure at the bound, then new orders are refused for the saga backlog', async () => {
    const { admission } = admissionWith(5);
    await admission.read();

    expect(await admission.admit()).toEqual({
      admitted: false,
      reason: 'saga-backlog',
      retryAfterSeconds: 5,
    });
  });

  it('given no orders, when time passes, then the backlog is not read again', async () => {
    const { admission, world } = admissionWith(0);
    await admission.read();

    world.now += 60 * REFRESH_MS;

    expect(world.reads).toBe(1);
  });

  it('given orders keep coming, then the figure is read again once it is older than the refresh interval, and not before', async () => {
    const { admission, world } = admissionWith(0);
    await admission.read();

    world.now += REFRESH_MS / 2;
    await admitted(admission);
    expect(world.reads).toBe(1);

    world.now += REFRESH_MS / 2;
    await Promise.all([admitted(admission), admitted(admission)]);
    expect(world.reads).toBe(2);
  });

  it('given the backlog filled since the last read, when an order finds the figure old, then it is judged on a new read', async () => {
    const { admission, world } = admissionWith(0);
    await admission.read();
    world.backlog = 5;

    world.now += REFRESH_MS;

    expect(await admitted(admission)).toBe(false);
  });

  it('given a figure at the bound from before a quiet spell, when the backlog drained meanwhile, then the first order after it is admitted', async () => {
    const { admission, world } = admissionWith(5);
    await admission.read();
    world.backlog = 0;

    world.now += 10 * REFRESH_MS;

    expect(await admitted(admission)).toBe(true);
    expect(world.reads).toBe(2);
  });

  it('given the read fails, then the order is judged on the last figure and the next read waits the refresh interval', async () => {
    const { admission, world } = admissionWith(5);
    await admission.read();
    world.now += REFRESH_MS;
    world.databaseDown = true;

    expect(await admitted(admission)).toBe(false);
    expect(await admitted(admission)).toBe(false);
    expect(world.reads).toBe(2);
  });
});
