import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { repoRoot } from './repo.js';

export type ShellResult = Readonly<{ exitCode: number; output: string }>;

/**
 * One bash process that runs a page's commands one after the other, as a learner's terminal
 * does: a variable set by one block (`ORDER=$(...)`) is there for the next.
 */
export class ShellSession {
  private readonly shell: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting: ((text: string) => void) | undefined;

  constructor(env: Record<string, string | undefined> = {}) {
    this.shell = spawn('bash', ['--norc', '--noprofile'], {
      cwd: repoRoot(),
      env: { ...process.env, ...env },
    });
    const take = (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      this.waiting?.(this.buffer);
    };
    this.shell.stdout.on('data', take);
    this.shell.stderr.on('data', take);
  }

  /** Runs `command` and returns its exit code and everything it printed, stdout and stderr. */
  run(command: string, timeoutMs = 120_000): Promise<ShellResult> {
    const marker = `__done_${randomUUID()}__`;
    const pattern = new RegExp(`${marker} (\\d+)\\n`);
    this.buffer = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`timed out after ${timeoutMs} ms running: ${command}\n${this.buffer}`));
      }, timeoutMs);
      this.waiting = (text) => {
        const found = pattern.exec(text);
        if (found === null) return;
        clearTimeout(timer);
        this.waiting = undefined;
        resolve({ exitCode: Number(found[1]), output: text.slice(0, found.index) });
      };
      // The marker goes to stdout after the command, whatever it printed to stderr meanwhile.
      this.shell.stdin.write(`${command}\necho "${marker} $?"\n`);
    });
  }

  close(): void {
    this.shell.stdin.end();
    this.shell.kill();
  }
}
