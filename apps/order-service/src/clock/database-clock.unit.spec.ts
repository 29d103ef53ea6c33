import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { DatabaseClock } from './database-clock.js';

const DATABASE_TIME = new Date('2026-12-03T13:00:00.000Z');

describe('DatabaseClock', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('given a reading of the database clock, when this machine wall clock jumps 10 minutes, then now() keeps the database time', async () => {
    let monotonic = 1_000;
    const clock = new DatabaseClock(() => monotonic);
    await clock.sync(async () => {
      monotonic += 4; // a 4 ms round trip: the database read its clock in the middle
      return DATABASE_TIME;
    }, 1);

    jest.useFakeTimers({ now: DATABASE_TIME.getTime() + 600_000 });
    monotonic += 5_000;

    expect(clock.now().toISOString()).toBe('2026-12-03T13:00:05.002Z');
  });

  it('given no reading yet, then now() is the wall clock at construction, carried by the monotonic clock', () => {
    jest.useFakeTimers({ now: DATABASE_TIME });
    let monotonic = 0;
    const clock = new DatabaseClock(() => monotonic);
    monotonic += 1_500;

    expect(clock.now().toISOString()).toBe('2026-12-03T13:00:01.500Z');
  });

  it('given a failed reading, then the last one stands', async () => {
    let monotonic = 0;
    const clock = new DatabaseClock(() => monotonic);
    await clock.sync(async () => DATABASE_TIME, 1);
    await expect(clock.sync(async () => Promise.reject(new Error('db away')))).rejects.toThrow();
    monotonic += 250;

    expect(clock.now().toISOString()).toBe('2026-12-03T13:00:00.250Z');
  });

  it('given a first reading slowed by a cold connection, then the fastest of the readings sets the clock', async () => {
    let monotonic = 0;
    const clock = new DatabaseClock(() => monotonic);
    // The database reads its clock at the end of each trip; trips of 300, 2 and 40 ms.
    const trips = [300, 2, 40];
    await clock.sync(async () => {
      monotonic += trips.shift() ?? 0;
      return new Date(DATABASE_TIME.getTime() + monotonic);
    });

    // The 2-ms trip's reading is off by half of it, 1 ms ahead; the 300-ms one's would be 150 ms.
    expect(clock.now().getTime() - (DATABASE_TIME.getTime() + monotonic)).toBe(1);
  });
});
