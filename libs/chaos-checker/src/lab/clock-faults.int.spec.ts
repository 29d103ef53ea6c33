import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import { fakeClockEnvironment, libfaketimePath, writeClockOffset } from './clock-faults.js';

type Tick = Readonly<{ skewMs: number; sinceLastMs: number }>;

/** Every 200 ms (a timer, on the monotonic clock) the child prints its wall clock. */
const TICKER = `setInterval(() => console.log(JSON.stringify({ wall: Date.now(), mono: performance.now() })), 200);`;

describe('the fake clock, preloaded into a real Node process (needs infra/local/up for libfaketime)', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fake-clock-')), 'clock.rc');
  const ticks: Tick[] = [];
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    writeClockOffset(file, 0);
  });

  const nextTickWhere = (accept: (tick: Tick) => boolean) => {
    const from = ticks.length;
    return waitFor('a tick', async () => ticks.slice(from).find(accept), {
      timeoutMs: 5_000,
      intervalMs: 50,
    });
  };

  it(`given ${libfaketimePath()}, when the clock file says +600 then goes, then Date jumps and comes back while timers keep their pace`, async () => {
    child = spawn(process.execPath, ['-e', TICKER], {
      env: { PATH: process.env['PATH'], ...fakeClockEnvironment(file) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastMono: number | undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const { wall, mono } = JSON.parse(line) as { wall: number; mono: number };
        ticks.push({ skewMs: wall - Date.now(), sinceLastMs: mono - (lastMono ?? mono - 200) });
        lastMono = mono;
      }
    });
    await nextTickWhere((tick) => Math.abs(tick.skewMs) < 1_000);

    writeClockOffset(file, 600_000);
    const jumped = await nextTickWhere((tick) => Math.abs(tick.skewMs - 600_000) < 1_000);
    writeClockOffset(file, 0);
    const back = await nextTickWhere((tick) => Math.abs(tick.skewMs) < 1_000);

    expect([jumped, back].every(Boolean)).toBe(true);
    // No timer fired early or late when the wall clock moved: the monotonic clock stayed true.
    for (const tick of ticks) expect(Math.abs(tick.sinceLastMs - 200)).toBeLessThan(150);
  });
});
