import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { clockJump, fakeClockEnvironment, readAppClock, writeClockOffset } from './clock-faults.js';
import type { FaultContext } from './scenario.js';

/**
 * A context whose app clock is a fake: it follows setClock after `lagReads` reads, or never, and
 * reads `behindMs` behind the true time (a read answered a few milliseconds before it is compared).
 */
const fakeClockContext = (options: { lagReads: number; follows: boolean; behindMs?: number }) => {
  const events: string[] = [];
  let offsetMs = 0;
  let readsSinceSet = 0;
  const context = {
    setClock: async (name: string, ms: number) => {
      events.push(`set ${name} ${ms}`);
      readsSinceSet = 0;
      if (options.follows) offsetMs = ms;
    },
    appClock: async () => {
      readsSinceSet += 1;
      const shown = readsSinceSet > options.lagReads ? offsetMs : 0;
      return new Date(Date.now() + shown - (options.behindMs ?? 0));
    },
    log: (event: string) => void events.push(event),
    wait: async () => undefined,
  } as unknown as FaultContext;
  return { events, context };
};

describe('clockJump', () => {
  it('given an app started with the fake clock, when injected and healed, then its clock jumps and comes back, each confirmed', async () => {
    const fault = clockJump('order-service', 600_000, 'clock ahead');
    const { events, context } = fakeClockContext({ lagReads: 3, follows: true });

    await fault.inject(context);
    await fault.heal(context);

    expect(fault.fakeClock).toEqual(['order-service']);
    expect(fault.describe).toBe("clock ahead (order-service's clock +600 s)");
    expect(events[0]).toBe('set order-service 600000');
    expect(events[1]).toMatch(/^order-service's clock jumped \+600 s: it reads /);
    expect(events[2]).toBe('set order-service 0');
    expect(events[3]).toMatch(/^order-service's clock back to the true time/);
  });

  it('given an app whose clock does not follow (no libfaketime in it) and reads a few ms behind, when injected, then it fails and says why, its clock at +0 s', async () => {
    const fault = clockJump('order-service', -600_000, 'clock behind');
    const { context } = fakeClockContext({ lagReads: 0, follows: false, behindMs: 5 });

    await expect(fault.inject(context)).rejects.toThrow(
      /order-service's clock did not move to -600 s .*\(last read: .*\(\+0 s\)\); is .*libfaketime.* preloaded/,
    );
  });
});

describe('the fake clock file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clock-faults-'));
  const file = join(dir, 'nested', 'clock.rc');

  it('given offsets, then the file holds libfaketime signed seconds, and offset 0 removes it (the true time)', () => {
    writeClockOffset(file, 600_000);
    expect(readFileSync(file, 'utf8')).toBe('+600\n');
    writeClockOffset(file, -90_400);
    expect(readFileSync(file, 'utf8')).toBe('-90\n');
    writeClockOffset(file, 0);
    expect(existsSync(file)).toBe(false);
    expect(() => writeClockOffset(file, 0)).not.toThrow();
  });

  it('given a clock file, then the app environment preloads libfaketime with a true monotonic clock', () => {
    expect(fakeClockEnvironment(file)).toEqual({
      LD_PRELOAD: expect.stringMatching(/libfaketimeMT\.so\.1$/),
      FAKETIME_TIMESTAMP_FILE: file,
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    });
  });
});

describe('readAppClock', () => {
  let server: Server;
  let baseUrl = '';
  const asked: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.setHeader('date', 'Thu, 03 Dec 2026 13:10:00 GMT');
      response.end(request.url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('given an app, then its clock is the Date header it stamps on /health/live', async () => {
    expect((await readAppClock(baseUrl)).toISOString()).toBe('2026-12-03T13:10:00.000Z');
    expect(asked).toEqual(['/health/live']);
  });
});
