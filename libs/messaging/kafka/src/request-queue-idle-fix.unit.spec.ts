import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import './kafka-client.js';
import { type RequestQueueState, scheduleCheckPendingRequests } from './request-queue-idle-fix.js';

const queue = (state: Partial<RequestQueueState>): RequestQueueState & { checks: number } => {
  const q = {
    throttledUntil: -1,
    pending: [],
    throttleCheckTimeoutId: null,
    checks: 0,
    checkPendingRequests(this: RequestQueueState & { checks: number }) {
      this.checks++;
      scheduleCheckPendingRequests.call(this);
    },
    ...state,
  };
  return q;
};

describe('kafkajs RequestQueue idle fix', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('given the kafka client module loaded, then kafkajs runs the fixed method', () => {
    const RequestQueue = createRequire(import.meta.url)(
      'kafkajs/src/network/requestQueue/index.js',
    ) as { prototype: { scheduleCheckPendingRequests: unknown } };
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
  });

  it('given nothing pending and no throttle, when a check is scheduled, then no timer runs at all', () => {
    const idle = queue({});
    scheduleCheckPendingRequests.call(idle);
    jest.advanceTimersByTime(60_000);
    expect(idle.checks).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('given a pending request and no throttle, then it is checked after 10 ms', () => {
    const waiting = queue({ pending: [{}] });
    scheduleCheckPendingRequests.call(waiting);
    jest.advanceTimersByTime(9);
    expect(waiting.checks).toBe(0);
    jest.advanceTimersByTime(1);
    expect(waiting.checks).toBeGreaterThan(0);
  });

  it('given a throttle by the broker, then the check waits until the throttle ends', () => {
    const throttled = queue({ pending: [{}], throttledUntil: Date.now() + 500 });
    scheduleCheckPendingRequests.call(throttled);
    jest.advanceTimersByTime(499);
    expect(throttled.checks).toBe(0);
    jest.advanceTimersByTime(1);
    expect(throttled.checks).toBe(1);
  });

  it('given a check already scheduled, then no second timer is added', () => {
    const waiting = queue({ pending: [{}] });
    scheduleCheckPendingRequests.call(waiting);
    scheduleCheckPendingRequests.call(waiting);
    expect(jest.getTimerCount()).toBe(1);
  });
});
