import { describe, expect, it } from '@jest/globals';
import { nextPollAt, SagaDeadlineAlarm } from './saga-deadline-alarm.js';

const T = 1_000_000;
const bounds = { polledAt: T, now: T + 20, pollMs: 500, safetyMs: 5_000 };

describe('when the saga deadline poller looks next', () => {
  it('given no saga waits, then it looks again only after the safety interval', () => {
    expect(nextPollAt({ ...bounds, earliestKnown: undefined })).toBe(T + 20 + 5_000);
  });

  it('given a deadline in 2 s, then it sleeps until that deadline', () => {
    expect(nextPollAt({ ...bounds, earliestKnown: T + 2_000 })).toBe(T + 2_000);
  });

  it('given a deadline beyond the safety interval, then it looks at the safety interval', () => {
    expect(nextPollAt({ ...bounds, earliestKnown: T + 60_000 })).toBe(T + 20 + 5_000);
  });

  it('given a deadline sooner than the shortest interval, or already passed, then it waits the shortest interval after its last look', () => {
    expect(nextPollAt({ ...bounds, earliestKnown: T + 100 })).toBe(T + 500);
    expect(nextPollAt({ ...bounds, earliestKnown: T - 1_000 })).toBe(T + 500);
  });
});

describe('the saga deadline alarm', () => {
  it('given a listener, when a deadline is set, then the listener hears it', () => {
    const alarm = new SagaDeadlineAlarm();
    const heard: Date[] = [];
    alarm.listen((deadline) => heard.push(deadline));

    alarm.set(new Date(T));

    expect(heard).toEqual([new Date(T)]);
  });

  it('given no listener (the weak variant never listens), when a deadline is set, then nothing happens', () => {
    expect(() => new SagaDeadlineAlarm().set(new Date(T))).not.toThrow();
  });
});
