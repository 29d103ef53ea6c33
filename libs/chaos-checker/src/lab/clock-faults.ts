import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServiceName } from '@pattern-shop/contracts';
import type { Fault, FaultContext } from './scenario.js';

const TRIPLETS: Partial<Record<string, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
};

/** Debian's libfaketime (infra/local/up installs it); the MT build, because Node has threads. */
export const libfaketimePath = (): string =>
  process.env['PATTERN_SHOP_LIBFAKETIME'] ??
  `/usr/lib/${TRIPLETS[process.arch] ?? `${process.arch}-linux-gnu`}/faketime/libfaketimeMT.so.1`;

export const libfaketimeInstalled = (): boolean => existsSync(libfaketimePath());

/**
 * The environment of an app whose wall clock follows `clockFile`: the real time while the file is
 * missing, shifted by its offset once it exists. The monotonic clock stays true, so Node's timers
 * keep firing on time; the file is read again at most once a second, which keeps Date.now() cheap.
 */
export const fakeClockEnvironment = (clockFile: string): Record<string, string> => ({
  LD_PRELOAD: libfaketimePath(),
  FAKETIME_TIMESTAMP_FILE: clockFile,
  FAKETIME_CACHE_DURATION: '1',
  FAKETIME_DONT_FAKE_MONOTONIC: '1',
});

/** Shifts the clock of every process reading `clockFile` by whole seconds; 0 gives the true time. */
export const writeClockOffset = (clockFile: string, offsetMs: number): void => {
  const seconds = Math.round(offsetMs / 1_000);
  if (seconds === 0) return rmSync(clockFile, { force: true });
  mkdirSync(dirname(clockFile), { recursive: true });
  writeFileSync(clockFile, `${seconds > 0 ? '+' : ''}${seconds}\n`);
};

/** An app's wall clock as its HTTP server stamps it (the Date header, to the second). */
export const readAppClock = async (baseUrl: string): Promise<Date> => {
  const response = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  const header = response.headers.get('date');
  if (header === null) throw new Error(`${baseUrl} sent no Date header`);
  return new Date(header);
};

/** The Date header is stamped to the second and libfaketime reads its file once a second. */
const TOLERANCE_MS = 3_000;
const POLL_MS = 250;
const ATTEMPTS = 40;

// Rounded before the sign is chosen: a read a millisecond behind is "+0 s", not "0 s".
const signedSeconds = (ms: number): string => {
  const seconds = Math.round(ms / 1_000);
  return `${seconds >= 0 ? '+' : ''}${seconds} s`;
};

/** Waits until the app's clock reads the true time shifted by `offsetMs`, or says why not. */
const clockReads = async (context: FaultContext, app: ServiceName, offsetMs: number) => {
  let last = 'no answer';
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const read = await context.appClock(app).catch((error: unknown) => error as Error);
    if (read instanceof Date) {
      const skewMs = read.getTime() - Date.now();
      if (Math.abs(skewMs - offsetMs) <= TOLERANCE_MS) return read;
      last = `${read.toISOString()} (${signedSeconds(skewMs)})`;
    } else last = read.message;
    await context.wait(POLL_MS);
  }
  throw new Error(
    `${app}'s clock did not move to ${signedSeconds(offsetMs)} within ${(ATTEMPTS * POLL_MS) / 1_000} s (last read: ${last}); is ${libfaketimePath()} preloaded into it?`,
  );
};

/**
 * The wall clock of ONE app jumps by `offsetMs` (whole seconds, forward or back) while every other
 * process keeps the true time, and comes back at heal. The lab starts that app, and only that app,
 * with libfaketime preloaded (`fakeClock`), also when a restart starts it again.
 */
export const clockJump = (app: ServiceName, offsetMs: number, describe: string): Fault => ({
  describe: `${describe} (${app}'s clock ${signedSeconds(offsetMs)})`,
  fakeClock: [app],
  inject: async (context) => {
    await context.setClock(app, offsetMs);
    const read = await clockReads(context, app, offsetMs);
    context.log(`${app}'s clock jumped ${signedSeconds(offsetMs)}: it reads ${read.toISOString()}`);
  },
  heal: async (context) => {
    await context.setClock(app, 0);
    const read = await clockReads(context, app, 0);
    context.log(`${app}'s clock back to the true time: it reads ${read.toISOString()}`);
  },
});
