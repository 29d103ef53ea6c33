import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { Registry } from 'prom-client';
import { type CircuitBreakerOptions, createCircuitBreaker } from './circuit-breaker.js';
import { CallTimeoutError, CircuitOpenError, ConcurrencyLimitError } from './errors.js';

/** A dependency whose answers the test controls: each call waits until the test answers it. */
const fakeDependency = () => {
  const answers: Array<() => void> = [];
  const signals: AbortSignal[] = [];
  const call = (signal: AbortSignal, sku: string) =>
    new Promise<string>((resolve) => {
      signals.push(signal);
      answers.push(() => resolve(`${sku}: 3 in stock`));
    });
  /** Waits for call number `n` (from 1) to arrive, then lets it answer. */
  const answer = async (n: number) => {
    const answerCall = await waitFor(
      `call ${n} to reach the dependency`,
      async () => answers[n - 1],
      {
        timeoutMs: 2_000,
        intervalMs: 5,
      },
    );
    answerCall();
  };
  return { call, answer, signals, calls: () => signals.length };
};

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`inventory-service answered ${status}`);
  }
}
const unavailable = async (): Promise<string> => {
  throw new HttpError(503);
};

const breakers: Array<{ shutdown: () => void }> = [];
const breakerFor = <TArgs extends unknown[], T>(
  call: (signal: AbortSignal, ...args: TArgs) => Promise<T>,
  options: Partial<CircuitBreakerOptions> = {},
) => {
  const breaker = createCircuitBreaker(call, {
    target: 'inventory-service',
    registry: new Registry(),
    volumeThreshold: 3,
    ...options,
  });
  breakers.push(breaker);
  return breaker;
};
afterEach(() => breakers.splice(0).forEach((breaker) => breaker.shutdown()));

/** Makes `times` calls one after another, ignoring their errors (the test checks the effect). */
const callTimes = async (times: number, call: () => Promise<unknown>) => {
  for (let i = 0; i < times; i++) await call().catch(() => undefined);
};
const untilState = (breaker: { state: string }, state: string) =>
  waitFor(`breaker ${state}`, async () => (breaker.state === state ? true : undefined), {
    timeoutMs: 2_000,
    intervalMs: 5,
  });

describe('timeout', () => {
  it('given a call slower than the timeout, then its signal is aborted and CallTimeoutError thrown', async () => {
    const dependency = fakeDependency();
    const breaker = breakerFor(dependency.call, { timeoutMs: 20 });
    const started = Date.now();
    await expect(breaker.call('SKU-1')).rejects.toBeInstanceOf(CallTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    const [signal] = dependency.signals;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(CallTimeoutError);
  });

  it('given a call that answers in time, then its value comes back and its signal is untouched', async () => {
    const dependency = fakeDependency();
    const breaker = breakerFor(dependency.call, { timeoutMs: 1_000 });
    const answer = breaker.call('SKU-2');
    await dependency.answer(1);
    await expect(answer).resolves.toBe('SKU-2: 3 in stock');
    expect(dependency.signals[0]?.aborted).toBe(false);
  });
});

describe('opening and recovering', () => {
  it('given failures past the threshold, then it opens and later calls never reach the dependency', async () => {
    let calls = 0;
    const breaker = breakerFor(async () => {
      calls += 1;
      return unavailable();
    });
    await callTimes(3, () => breaker.call());
    expect(breaker.state).toBe('open');
    await expect(breaker.call()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(3);
  });

  it('given fewer calls than the volume threshold, then failures alone do not open it', async () => {
    const breaker = breakerFor(unavailable, { volumeThreshold: 5 });
    await callTimes(4, () => breaker.call());
    expect(breaker.state).toBe('closed');
  });

  it('given an open breaker after resetTimeout, then one trial call goes through and its success closes it', async () => {
    const dependency = fakeDependency();
    let healthy = false;
    const breaker = breakerFor(
      (signal, sku: string) => (healthy ? dependency.call(signal, sku) : unavailable()),
      { resetTimeoutMs: 30 },
    );
    await callTimes(3, () => breaker.call('SKU-0'));
    await untilState(breaker, 'half-open');

    healthy = true;
    const trial = breaker.call('SKU-3');
    await expect(breaker.call('SKU-4')).rejects.toBeInstanceOf(CircuitOpenError);
    await dependency.answer(1);
    await expect(trial).resolves.toBe('SKU-3: 3 in stock');
    expect(dependency.calls()).toBe(1);
    expect(breaker.state).toBe('closed');
  });

  it('given a half-open breaker, when the trial call fails, then it opens again', async () => {
    const breaker = breakerFor(unavailable, { resetTimeoutMs: 30 });
    await callTimes(3, () => breaker.call());
    await untilState(breaker, 'half-open');
    await expect(breaker.call()).rejects.toBeInstanceOf(HttpError);
    expect(breaker.state).toBe('open');
  });

  it('given errors marked as the caller’s, then they reach the caller but never open it', async () => {
    let calls = 0;
    const breaker = breakerFor(
      async () => {
        calls += 1;
        throw new HttpError(404);
      },
      { isCallerError: (error) => error instanceof HttpError && error.status < 500 },
    );
    for (let i = 0; i < 10; i++) await expect(breaker.call()).rejects.toBeInstanceOf(HttpError);
    expect(breaker.state).toBe('closed');
    expect(calls).toBe(10);
  });

  it('given a shut-down breaker, then calls are refused as if it were open', async () => {
    const breaker = breakerFor(async () => 'ok');
    breaker.shutdown();
    await expect(breaker.call()).rejects.toThrow('circuit breaker is shut down');
    expect(breaker.state).toBe('open');
  });
});

describe('concurrency cap', () => {
  it('given the cap reached, then one more call is refused at once while the others finish', async () => {
    const dependency = fakeDependency();
    const breaker = breakerFor(dependency.call, { maxConcurrentCalls: 2, timeoutMs: 5_000 });
    const running = [breaker.call('SKU-5'), breaker.call('SKU-6')];

    await expect(breaker.call('SKU-7')).rejects.toBeInstanceOf(ConcurrencyLimitError);
    expect(dependency.calls()).toBe(2);

    await dependency.answer(1);
    await dependency.answer(2);
    await expect(Promise.all(running)).resolves.toEqual(['SKU-5: 3 in stock', 'SKU-6: 3 in stock']);
    const next = breaker.call('SKU-8');
    await dependency.answer(3);
    await expect(next).resolves.toBe('SKU-8: 3 in stock');
  });

  it('given many refusals for the cap, then they do not count against the dependency', async () => {
    const dependency = fakeDependency();
    const breaker = breakerFor(dependency.call, { maxConcurrentCalls: 1, volumeThreshold: 1 });
    const running = breaker.call('SKU-9');
    for (let i = 0; i < 10; i++) {
      await expect(breaker.call('SKU-10')).rejects.toBeInstanceOf(ConcurrencyLimitError);
    }
    expect(breaker.state).toBe('closed');
    await dependency.answer(1);
    await running;
  });
});
