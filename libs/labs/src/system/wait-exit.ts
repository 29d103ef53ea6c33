import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@pattern-shop/contracts';
import { stateDir, waitFor } from '@pattern-shop/testing';
import { type AppStatus, statusOf } from './stack.js';

const describeEnd = (app: AppStatus): string =>
  app.state === 'stopped'
    ? 'stopped'
    : `exited (${app.exitCode === null || app.exitCode === undefined ? 'signal' : app.exitCode})`;

/** The message of the app's last JSON log line: what it said just before it ended. */
const lastLogMessage = (app: ServiceName): string | undefined => {
  try {
    const lines = readFileSync(join(stateDir(), 'logs', 'apps', `${app}.log`), 'utf8')
      .trimEnd()
      .split('\n');
    const last = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>;
    const { msg, level, orderId } = last;
    return `${String(level)}: ${String(msg)}${orderId === undefined ? '' : ` (order ${String(orderId)})`}`;
  } catch {
    return undefined; // no log here (another state directory) or a line that is not JSON
  }
};

/**
 * Waits until one app of ./bin/run ends on its own (a crash the lab planted), and says how it
 * ended; false when it still runs after `timeoutMs`.
 */
export const waitForExit = async (
  app: ServiceName,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<boolean> => {
  await statusOf(app); // no ./bin/run, or an app it does not run: say so now, not at the timeout
  const began = performance.now();
  const ended = await waitFor(
    `${app} to end`,
    async () => {
      const status = await statusOf(app);
      return status.state === 'exited' || status.state === 'stopped' ? status : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  ).catch(() => undefined);
  if (ended === undefined) {
    log(`${app} still runs after ${timeoutMs / 1000} s`);
    return false;
  }
  log(
    `${app} ${describeEnd(ended)} within ${((performance.now() - began) / 1000).toFixed(1)} s; ./bin/run does not start it again on its own`,
  );
  const said = lastLogMessage(app);
  if (said !== undefined) log(`its last log line: ${said}`);
  return true;
};
