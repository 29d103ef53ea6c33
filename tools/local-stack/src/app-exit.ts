import { readFileSync } from 'node:fs';
import type { AppName } from '@pattern-shop/contracts';
import { StackControlError } from '@pattern-shop/testing';

/** EX_CONFIG (sysexits.h): an app refused its configuration (libs/platform's run-service.ts). */
const CONFIG_REFUSED = 78;
const TAIL_LINES = 12;

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The state letter of /proc/<pid>/stat ('R', 'S', 'T' for stopped...), or undefined. */
export const processStateOf = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in parentheses may hold spaces; the state is the first field after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
};

/**
 * A signal is delivered asynchronously: SIGSTOP's 'T' shows in /proc a moment after kill()
 * returns. Waits (2 s at most) so that the answer, and a status right after it, tell the truth.
 */
export const untilProcessState = async (
  pid: number | undefined,
  wanted: (state: string) => boolean,
): Promise<void> => {
  const deadline = Date.now() + 2_000;
  for (;;) {
    const state = pid === undefined ? undefined : processStateOf(pid);
    if (state === undefined || wanted(state) || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** The refusal an app printed before exiting 78: `invalid configuration: WEAK_MECHANISMS=...`. */
const configRefusalIn = (output: string): string | undefined =>
  output
    .split('\n')
    .map((line) => {
      try {
        return (JSON.parse(line) as { msg?: unknown }).msg;
      } catch {
        return undefined;
      }
    })
    .filter((msg): msg is string => typeof msg === 'string')
    .findLast((msg) => msg.startsWith('invalid configuration'));

/** What a learner needs when a start failed: the code, what it means, and the end of the log. */
export const exitedWhileStarting = (
  app: AppName,
  code: number | null,
  output: string,
  weak: readonly string[],
): StackControlError => {
  const how = code === null ? 'was killed by a signal' : `exited with code ${code}`;
  const refusal = configRefusalIn(output);
  const why =
    code !== CONFIG_REFUSED
      ? ''
      : `: it refused its configuration (78 is EX_CONFIG)${refusal === undefined ? '' : `: ${refusal}`}${
          weak.length > 0
            ? `. A weak switch the app does not honour does that (docs/chaos.md, "Weak variants"); restart it without --weak for its defaults`
            : ''
        }`;
  const tail = output
    .split('\n')
    .slice(-TAIL_LINES)
    .map((line) => `  ${line.length > 400 ? `${line.slice(0, 400)}…` : line}`)
    .join('\n');
  return new StackControlError(
    'app-exited',
    `${app} ${how} while starting${why}\nThe end of its log (${app}.log):\n${tail}`,
  );
};
