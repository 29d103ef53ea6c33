import { describe, expect, it } from '@jest/globals';
import { backoffDelay, retry } from './backoff.js';

const base = { baseMs: 100, maxMs: 1_000 };
// Just below 1: the largest delay full jitter can pick, i.e. the ceiling of each attempt.
const highest = () => 0.999_999;

describe('backoffDelay: exponential backoff with full jitter', () => {
  it('given the largest random value, then the ceiling doubles per attempt up to maxMs', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      backoffDelay(attempt, { ...base, random: highest }),
    );
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('given random values across [0, 1), then every delay stays within [0, ceiling)', () => {
    for (const value of [0, 0.25, 0.5, 0.75, 0.999_999]) {
      for (let attempt = 1; attempt <= 8; attempt++) {
        const ceiling = Math.min(base.maxMs, base.baseMs * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, { ...base, random: () => value });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        expect(delay).toBe(Math.floor(value * ceiling));
      }
    }
  });

  it('given a huge attempt number, then the delay is still capped, not Infinity or NaN', () => {
    expect(backoffDelay(5_000, { ...base, random: () => 0.5 })).toBe(500);
  });

  it('given an attempt below 1 or not whole, then it refuses it', () => {
    expect(() => backoffDelay(0, base)).toThrow(RangeError);
    expect(() => backoffDelay(1.5, base)).toThrow(RangeError);
  });
});

describe('retry: bounded attempts with backoff in between', () => {
  const recordSleeps = () => {
    const sleeps: number[] = [];
    return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
  };

  it('given an operation that fails twice, then the third attempt returns its value', async () => {
    const { sleeps, sleep } = recordSleeps();
    const seen: number[] = [];
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
        return 'reserved';
      },
      { attempts: 5, ...base, random: highest, sleep },
    );
    expect(result).toBe('reserved');
    expect(seen).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([99, 199]);
  });

  it('given an operation that always fails, then it stops after `attempts` and throws the last error', async () => {
    const { sleeps, sleep } = recordSleeps();
    let calls = 0;
    const attempt = retry(
      async () => {
        calls += 1;
        throw new Error(`failure ${calls}`);
      },
      { attempts: 4, ...base, random: highest, sleep },
    );
    await expect(attempt).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('given an error that is not retryable, then it fails at once without sleeping', async () => {
    const { sleeps, sleep } = recordSleeps();
    let calls = 0;
    const attempt = retry(
      async () => {
        calls += 1;
        throw new Error('400 bad request');
      },
      { attempts: 5, ...base, sleep, isRetryable: (error) => !String(error).includes('400') },
    );
    await expect(attempt).rejects.toThrow('400 bad request');
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('given zero attempts, then it refuses to start', async () => {
    await expect(retry(async () => 'never', { attempts: 0, ...base })).rejects.toThrow(RangeError);
  });
});
