import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, stateDir } from '@pattern-shop/testing';

export type CommandResult = Readonly<{ code: number; output: string }>;

/** Where the compose tier's commands write their output (a failure quotes its tail). */
export const composeLog = (): string => join(stateDir(), 'logs', 'compose-tests.log');

/**
 * Runs a command from the repository root with a time limit; resolves with its exit code and
 * output, whatever the code, so a test can assert on a refusal as well as on a success.
 */
export const run = (
  command: string,
  args: readonly string[],
  { timeoutMs, env }: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> =>
  new Promise((resolve, reject) => {
    mkdirSync(join(stateDir(), 'logs'), { recursive: true });
    appendFileSync(composeLog(), `\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      cwd: repoRoot(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(composeLog(), chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} took over ${timeoutMs} ms; see ${composeLog()}`),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });

/** As run, but a non-zero exit fails with the command and the end of its output. */
export const runOk = async (
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<string> => {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}:\n${result.output.slice(-3000)}`,
    );
  }
  return result.output;
};

/** Debian's docker client (BuildKit built in), which infra/docker/setup installs. */
export const DOCKER = process.env['PATTERN_SHOP_DOCKER'] ?? '/usr/bin/docker';
