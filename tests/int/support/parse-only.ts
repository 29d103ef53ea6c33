// Runs a quoted `npm run` command's CLI with PATTERN_SHOP_PARSE_ONLY=1: its arguments expanded as
// bash would, then parsed by the CLI itself, so nothing but the parser decides what it accepts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { QuotedCommand } from './quoted-commands.js';

const run = promisify(execFile);

/** The CLIs with a parse-only mode; every other script is only checked to exist. */
export const PARSING_CLIS = new Set([
  'lab',
  'stack',
  'dead-letters',
  'outbox',
  'inbox',
  'chaos',
  'analytics:job',
  'analytics:replay',
]);

// A doc's placeholder stands for a value the reader supplies; the test supplies one of these.
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  orderId: '7d3c1c2e-5a0b-4d8e-9f3a-2b1c4d5e6f70',
  customerId: 'c0ffee00-0000-4000-8000-000000000001',
  messageId: 'c6fa37dd-3fae-469c-8332-aee487d0c37d',
  id: 'c6fa37dd-3fae-469c-8332-aee487d0c37d',
  app: 'order-service',
  service: 'order-service',
  queue: 'payment.commands',
  scenario: 'silent-edge',
  switch: 'no-breaker',
  n: '1',
};

// The shell variables the pages set before they use them (`ORDER=$(...)`), given sample values.
export const SAMPLE_VARIABLES: Readonly<Record<string, string>> = {
  ORDER: PLACEHOLDERS['orderId'] ?? '',
  CUSTOMER: PLACEHOLDERS['customerId'] ?? '',
  POISON: PLACEHOLDERS['messageId'] ?? '',
  DRIFT: 'a1b2c3d4-0000-4000-8000-000000000002',
  SILENT: 'a1b2c3d4-0000-4000-8000-000000000003',
  TODAY: '2026-12-03',
};

/** The arguments with each `<placeholder>` replaced, an optional `[part]` kept, a `...` dropped. */
export const fillPlaceholders = (args: string): string =>
  args
    .replace(/\[([^\]]*)\]/g, '$1')
    .replace(/(^|\s)\.\.\.(?=\s|$)/g, '')
    .replace(/<([A-Za-z][^<>]*)>/g, (whole: string, name: string) => {
      const value = PLACEHOLDERS[name];
      if (value === undefined)
        throw new Error(`unknown placeholder ${whole}: add a sample value to PLACEHOLDERS`);
      return value;
    });

/** The `node <entry>` a package.json script runs, e.g. libs/labs/dist/cli/lab.js. */
export const entryOf = (script: string): string => {
  const entry = [...script.matchAll(/\bnode\s+(\S+\.js)\b/g)].at(-1)?.[1];
  if (entry === undefined) throw new Error(`no 'node <file>.js' in the script: ${script}`);
  return entry;
};

const expandAsBash = async (args: string): Promise<string[]> => {
  if (args.trim() === '') return [];
  const { stdout } = await run(
    'bash',
    ['--norc', '--noprofile', '-c', `set -u; printf '%s\\0' ${args}`],
    {
      env: { PATH: process.env['PATH'], ...SAMPLE_VARIABLES },
      timeout: 10_000,
    },
  );
  return stdout.split('\0').slice(0, -1);
};

export type Verdict = Readonly<{ ok: true } | { ok: false; reason: string }>;

type Outcome = Readonly<{ accepted: boolean; said: string }>;

// A non-zero exit is the CLI refusing the arguments; anything else (no node, a timeout) is thrown.
const parseWithCli = async (entry: string, argv: readonly string[], root: string) => {
  if (!existsSync(join(root, entry))) throw new Error(`${entry} is not built: run npm run build`);
  return run('node', [join(root, entry), ...argv], {
    cwd: root,
    env: { ...process.env, PATTERN_SHOP_PARSE_ONLY: '1' },
    timeout: 20_000,
  }).then(
    ({ stdout }): Outcome => ({ accepted: true, said: stdout.trim() }),
    (error: { code?: unknown; stderr?: string }): Outcome => {
      if (typeof error.code !== 'number') throw error;
      return {
        accepted: false,
        said: (error.stderr ?? '').trim().split('\n').slice(0, 3).join(' / '),
      };
    },
  );
};

/** Runs the command's CLI parse-only from the repository root; refused arguments say why. */
export const parseOnly = async (
  command: QuotedCommand,
  scripts: Readonly<Record<string, string>>,
  root: string,
): Promise<Verdict> => {
  const script = scripts[command.script];
  if (script === undefined)
    return { ok: false, reason: `package.json has no script '${command.script}'` };
  // `npm run stack -- ...` names the CLI in prose, standing for any of its commands.
  const { args } = command;
  if (!PARSING_CLIS.has(command.script) || args === undefined || args === '...')
    return { ok: true };
  try {
    const outcome = await parseWithCli(
      entryOf(script),
      await expandAsBash(fillPlaceholders(args)),
      root,
    );
    if (outcome.accepted === !command.refused) return { ok: true };
    return command.refused
      ? { ok: false, reason: `marked '# refused' but the CLI accepts it: ${outcome.said}` }
      : { ok: false, reason: outcome.said };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return { ok: false, reason: (stderr?.trim() || message).split('\n').slice(0, 3).join(' / ') };
  }
};
