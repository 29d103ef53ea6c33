import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import type { AppName } from '@pattern-shop/contracts';
import {
  type StackAppAnswer,
  StackControlError,
  type StackControlFailure,
  type StackStatus,
} from '@pattern-shop/testing';
import { parseStackCommand } from './stack-command.js';
import type { SupervisedApp } from './supervised-app.js';

/** sun_path holds 108 bytes on Linux, the terminating NUL included. */
const SOCKET_PATH_MAX = 107;
const BODY_LIMIT = 64 * 1024;

const HTTP_STATUS: Record<StackControlFailure, number> = {
  'bad-command': 400,
  'unknown-app': 404,
  conflict: 409,
  'app-exited': 502,
  'not-ready': 504,
  'no-stack': 503,
  'no-answer': 504,
};

/** Applies one command to the apps; what the socket's POST /commands answers. */
export const applyStackCommand = async (
  apps: ReadonlyMap<AppName, SupervisedApp>,
  body: unknown,
): Promise<StackStatus | StackAppAnswer> => {
  const command = parseStackCommand(body, [...apps.keys()]);
  if (command.action === 'status') return { apps: [...apps.values()].map((app) => app.status()) };
  const app = apps.get(command.app) as SupervisedApp;
  const message = await (command.action === 'restart'
    ? app.restart({ weak: command.weak ?? [], settings: command.settings ?? {} })
    : app[command.action]());
  return { app: app.status(), message };
};

const answers = (path: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ path });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Why no Unix socket can be made at this path, or undefined: it fits. */
export const socketPathProblem = (path: string): string | undefined =>
  Buffer.byteLength(path) <= SOCKET_PATH_MAX
    ? undefined
    : `its socket's path is ${Buffer.byteLength(path)} bytes, more than a Unix socket takes (${SOCKET_PATH_MAX}): ${path}; set PATTERN_SHOP_STATE_DIR to a shorter directory`;

/** Refuses when another ./bin/run answers on the socket; removes a stale one (its ./bin/run was killed). */
export const claimStackSocket = async (path: string): Promise<void> => {
  const problem = socketPathProblem(path);
  if (problem !== undefined) throw new Error(problem);
  if (!existsSync(path)) return;
  if (await answers(path)) {
    throw new Error(`another ./bin/run answers on ${path}: stop it first (Ctrl-C in its terminal)`);
  }
  unlinkSync(path);
};

/** Listens on the Unix socket, readable and writable by this user only (mode 0600). */
export const listenForStackCommands = async (
  path: string,
  apps: ReadonlyMap<AppName, SupervisedApp>,
): Promise<Server> => {
  mkdirSync(dirname(path), { recursive: true });
  await claimStackSocket(path);
  const server = createServer((request, response) => void serve(apps, request, response));
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // The socket is created inside listen(), synchronously: this umask makes it 0600 from birth.
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  await listening;
  chmodSync(path, 0o600);
  return server;
};

export const removeStackSocket = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    // not there: nothing to remove
  }
};

const serve = async (
  apps: ReadonlyMap<AppName, SupervisedApp>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> => {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  let command: unknown;
  try {
    if (request.method !== 'POST' || request.url !== '/commands') {
      throw new StackControlError('bad-command', 'POST a command as JSON to /commands');
    }
    command = await readJson(request);
    const answer = await applyStackCommand(apps, command);
    logCommand(command, 'message' in answer ? answer.message : undefined);
    reply(200, answer);
  } catch (error) {
    const reason = error instanceof StackControlError ? error.reason : undefined;
    const message = error instanceof Error ? error.message : String(error);
    if (command !== undefined) logCommand(command, `failed: ${message.split('\n')[0]}`);
    reply(reason === undefined ? 500 : HTTP_STATUS[reason], { error: { reason, message } });
  }
};

/** Each change shows in ./bin/run's terminal too, where the learner watches the apps. */
const logCommand = (command: unknown, outcome: string | undefined): void => {
  const { action, app, weak, settings } = command as Record<string, unknown>;
  if (action === 'status' || outcome === undefined) return;
  const extras = [
    Array.isArray(weak) && weak.length > 0 ? `weak ${weak.join(',')}` : '',
    settings !== undefined && Object.keys(settings as object).length > 0
      ? `settings ${Object.keys(settings as object).join(',')}`
      : '',
  ].filter(Boolean);
  console.log(
    `[stack] ${String(action)} ${String(app)}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}: ${outcome}`,
  );
};

const readJson = async (request: IncomingMessage): Promise<unknown> => {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > BODY_LIMIT)
      throw new StackControlError('bad-command', 'the command is too long');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StackControlError('bad-command', 'the command is not JSON');
  }
};
