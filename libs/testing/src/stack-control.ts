import { request } from 'node:http';
import { join } from 'node:path';
import type { AppName } from '@pattern-shop/contracts';
import { stateDir } from './repo.js';

/** What `npm run stack` and the workshop labs ask of a running ./bin/run (docs/stack-control.md). */
export type StackCommand =
  | { action: 'status' }
  | { action: 'stop' | 'start' | 'freeze' | 'thaw'; app: AppName }
  | { action: 'restart'; app: AppName; weak?: string[]; settings?: Record<string, string> };

export type StackAppStatus = {
  app: AppName;
  pid: number | null;
  state: 'running' | 'frozen' | 'stopped' | 'exited';
  /** Only for an app that exited on its own or failed to start; null when a signal ended it. */
  exitCode?: number | null;
  weak: string[];
  settings: Record<string, string>;
  /** Its hops to servers and apps run through Toxiproxy (`CHAOS=1 ./bin/run`). */
  chaos?: boolean;
};

export type StackStatus = { apps: StackAppStatus[] };

/** The answer to a command on one app: where it stands now, and what happened, in a sentence. */
export type StackAppAnswer = { app: StackAppStatus; message: string };

export type StackAnswer<C extends StackCommand> = C extends { action: 'status' }
  ? StackStatus
  : StackAppAnswer;

/** Why a command failed; `message` says it in words a learner can act on. */
export type StackControlFailure =
  | 'no-stack' // no ./bin/run listens on the socket
  | 'no-answer' // it did not answer in time (suspended?)
  | 'bad-command' // the command is malformed
  | 'unknown-app' // not an app of this ./bin/run
  | 'conflict' // not possible in the app's state (freeze a stopped app)
  | 'app-exited' // the app exited while starting (exit 78: it refused a setting)
  | 'not-ready'; // it runs but did not become ready in time

export class StackControlError extends Error {
  constructor(
    readonly reason: StackControlFailure,
    message: string,
  ) {
    super(message);
    this.name = 'StackControlError';
  }
}

/** Where ./bin/run listens for commands: a Unix socket, so only this machine's user reaches it. */
export const stackSocketPath = (): string => join(stateDir(), 'run', 'stack.sock');

/** sun_path holds 108 bytes on Linux, the terminating NUL included. */
const SOCKET_PATH_MAX = 107;

/** Room for the supervisor to wait out a start (90 s), a kill and a graceful stop. */
const TIMEOUT_MS: Record<StackCommand['action'], number> = {
  status: 10_000,
  freeze: 10_000,
  thaw: 10_000,
  stop: 30_000,
  start: 120_000,
  restart: 120_000,
};

/** Sends one command to the running ./bin/run and returns its answer; throws StackControlError. */
export const sendStackCommand = <C extends StackCommand>(command: C): Promise<StackAnswer<C>> => {
  const socketPath = stackSocketPath();
  const timeoutMs = TIMEOUT_MS[command.action] ?? 10_000;
  return new Promise((resolve, reject) => {
    const call = request(
      {
        socketPath,
        method: 'POST',
        path: '/commands',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
            if (response.statusCode === 200) resolve(body as StackAnswer<C>);
            else reject(failureFrom(body, response.statusCode));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    call.setTimeout(timeoutMs, () =>
      call.destroy(
        new StackControlError(
          'no-answer',
          `./bin/run did not answer within ${timeoutMs / 1000} s (${socketPath}): is it suspended? Bring it back with fg`,
        ),
      ),
    );
    call.on('error', (error: NodeJS.ErrnoException) =>
      reject(connectionFailure(error, socketPath)),
    );
    call.end(JSON.stringify(command));
  });
};

const failureFrom = (body: unknown, httpStatus: number | undefined): Error => {
  const error = (body as { error?: { reason?: StackControlFailure; message?: string } }).error;
  return error?.reason !== undefined && error.message !== undefined
    ? new StackControlError(error.reason, error.message)
    : new Error(`./bin/run answered HTTP ${httpStatus} without a reason`);
};

const connectionFailure = (error: NodeJS.ErrnoException, socketPath: string): Error => {
  if (error instanceof StackControlError) return error;
  if (Buffer.byteLength(socketPath) > SOCKET_PATH_MAX) {
    return new StackControlError(
      'no-stack',
      `${socketPath} is longer than a Unix socket's path may be (${SOCKET_PATH_MAX} bytes), so ./bin/run cannot listen there: set PATTERN_SHOP_STATE_DIR to a shorter directory`,
    );
  }
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
    return new StackControlError(
      'no-stack',
      `no ./bin/run is running here (${socketPath}): start it with ./bin/run`,
    );
  }
  return new StackControlError(
    'no-stack',
    `cannot reach ./bin/run at ${socketPath}: ${error.message}`,
  );
};
