import { describe, expect, it } from '@jest/globals';
import { InFlightLimit } from './in-flight-limit.js';

describe('InFlightLimit', () => {
  it('given the limit is reached, when one more enters, then it is refused at once', () => {
    const limit = new InFlightLimit(2);
    expect(limit.tryEnter()).toBeDefined();
    expect(limit.tryEnter()).toBeDefined();
    expect(limit.tryEnter()).toBeUndefined();
    expect(limit.inFlight).toBe(2);
  });

  it('given a unit of work ends, then its place is free again, and releasing twice frees one place', () => {
    const limit = new InFlightLimit(1);
    const release = limit.tryEnter();
    release?.();
    release?.();
    expect(limit.inFlight).toBe(0);
    expect(limit.tryEnter()).toBeDefined();
    expect(limit.tryEnter()).toBeUndefined();
  });

  it('given a limit below 1, then it is refused as a programming error', () => {
    expect(() => new InFlightLimit(0)).toThrow(RangeError);
  });
});
