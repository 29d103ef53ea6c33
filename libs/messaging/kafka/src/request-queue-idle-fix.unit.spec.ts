import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createRequire } from 'node:module';
import './kafka-client.js';
import {
  applyRequestQueueIdleFix,
  type RequestQueueState,
  scheduleCheckPendingRequests,
} from './request-queue-idle-fix.js';

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

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

describe('kafkajs RequestQueue idle fix', () => {
  it('given the kafka client module loaded, then kafkajs runs the fixed method', () => {
    const RequestQueue = createRequire(import.meta.url)(
      'kafkajs/src/network/requestQueue/index.js',
    ) as { prototype: { scheduleCheckPendingRequests: unknown } };
    expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
  });

  it("given the fix applied again, then kafkajs's methods are not wrapped twice", () => {
    const RequestQueue = createRequire(import.meta.url)(
      'kafkajs/src/network/requestQueue/index.js',
    ) as { prototype: { sendSocketRequest: unknown; destroy: unknown } };
    const { sendSocketRequest, destroy } = RequestQueue.prototype;

    applyRequestQueueIdleFix();

    expect(RequestQueue.prototype.sendSocketRequest).toBe(sendSocketRequest);
    expect(RequestQueue.prototype.destroy).toBe(destroy);
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

type RealRequestQueue = {
  push: (request: {
    entry: { correlationId: number; apiKey: number; apiName: string; apiVersion: number } & {
      resolve: (value: unknown) => void;
      reject: (error: Error) => void;
    };
    expectResponse: boolean;
    sendRequest: () => void;
    requestTimeout?: number;
  }) => void;
  fulfillRequest: (response: { correlationId: number; payload: Buffer; size: number }) => void;
  scheduleRequestTimeoutCheck: () => void;
  destroy: () => void;
  inflight: Map<number, unknown>;
};

/** kafkajs's own RequestQueue, as a connection makes it, with requests that record their end. */
const realQueue = () => {
  const RequestQueue = createRequire(import.meta.url)(
    'kafkajs/src/network/requestQueue/index.js',
  ) as new (options: object) => RealRequestQueue;
  const silent = () => undefined;
  const queue = new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 5_000,
    enforceRequestTimeout: true,
    clientId: 'test',
    broker: 'localhost:9092',
    logger: { debug: silent, info: silent, warn: silent, error: silent },
  });
  queue.scheduleRequestTimeoutCheck(); // what a connection does once connected
  const ended = new Map<number, string>();
  const send = (correlationId: number, requestTimeout?: number) =>
    queue.push({
      entry: {
        correlationId,
        apiKey: 1,
        apiName: 'Fetch',
        apiVersion: 11,
        resolve: () => ended.set(correlationId, 'answered'),
        reject: (error) => ended.set(correlationId, error.name),
      },
      expectResponse: true,
      sendRequest: () => undefined,
      ...(requestTimeout === undefined ? {} : { requestTimeout }),
    });
  return { queue, ended, send };
};

describe('kafkajs RequestQueue request timeouts, without the 100-ms interval', () => {
  it('given a connected queue with nothing in flight, then no timer runs at all', () => {
    realQueue();

    expect(jest.getTimerCount()).toBe(0);
  });

  it('given a request in flight with no answer, then it times out just after its request timeout, not before', () => {
    const { ended, send, queue } = realQueue();
    send(1);

    jest.advanceTimersByTime(5_000);
    expect(ended.get(1)).toBeUndefined();
    jest.advanceTimersByTime(1);

    expect(ended.get(1)).toBe('KafkaJSRequestTimeoutError');
    expect(queue.inflight.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('given a request answered in time, then it is never timed out and no timer is left once its deadline passed', () => {
    const { ended, send, queue } = realQueue();
    send(1);
    jest.advanceTimersByTime(1_000);
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });

    jest.advanceTimersByTime(10_000);

    expect(ended.get(1)).toBe('answered');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('given requests with different timeouts (a long poll has a longer one), then each times out at its own deadline', () => {
    const { ended, send } = realQueue();
    send(1, 12_000); // a fetch: its custom timeout is longer than the client's 5 s
    jest.advanceTimersByTime(1_000);
    send(2);

    jest.advanceTimersByTime(5_000);
    expect([ended.get(1), ended.get(2)]).toEqual([undefined, undefined]);
    jest.advanceTimersByTime(1);
    expect([ended.get(1), ended.get(2)]).toEqual([undefined, 'KafkaJSRequestTimeoutError']);
    jest.advanceTimersByTime(12_000 - 6_001);
    expect(ended.get(1)).toBeUndefined();
    jest.advanceTimersByTime(1);

    expect(ended.get(1)).toBe('KafkaJSRequestTimeoutError');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('given the connection destroyed, then its timer goes with it', () => {
    const { send, queue } = realQueue();
    send(1);

    queue.destroy();

    expect(jest.getTimerCount()).toBe(0);
  });
});
