import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AppName, portOf } from '@pattern-shop/contracts';
import {
  repoRoot,
  sendStackCommand,
  StackControlError,
  stackSocketPath,
  stateDir,
  waitFor,
} from '@pattern-shop/testing';
import { processStateOf } from './app-exit.js';

// The real supervisor, as ./bin/run starts it, from its build (npm run build), on two apps that
// start quickly; the servers are the shared ones, so the state directory is too.
const DIST = join(repoRoot(), 'tools', 'local-stack', 'dist');
const APPS: AppName[] = ['inventory-service', 'payment-provider'];
const run = promisify(execFile);

/** The CLI as a learner runs it; its exit code and both outputs, whatever the code. */
const stackCli = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(DIST, 'stack-cli.js'), ...args], {
      env: { ...process.env, PATTERN_SHOP_STATE_DIR: stateDir() },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

const portIsTaken = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** The HTTP status of /health/ready within a second, or undefined: a frozen app never answers. */
const readyStatus = async (app: AppName): Promise<number | undefined> => {
  try {
    const response = await fetch(`http://127.0.0.1:${portOf(app)}/health/ready`, {
      signal: AbortSignal.timeout(1_000),
    });
    return response.status;
  } catch {
    return undefined;
  }
};

const statusOf = async (app: AppName) => {
  const { apps } = await sendStackCommand({ action: 'status' });
  const entry = apps.find((candidate) => candidate.app === app);
  if (entry === undefined) throw new Error(`status has no ${app}: ${JSON.stringify(apps)}`);
  return entry;
};

const failureOf = async (sent: Promise<unknown>): Promise<StackControlError> => {
  const error = await sent.then(
    () => new Error('the command succeeded'),
    (failure: unknown) => failure,
  );
  if (error instanceof StackControlError) return error;
  throw error;
};

const logFile = (app: AppName) => join(stateDir(), 'logs', 'apps', `${app}.log`);
const logSize = (app: AppName) => (existsSync(logFile(app)) ? statSync(logFile(app)).size : 0);

describe('npm run stack: one app of a running ./bin/run at a time', () => {
  let supervisor: ChildProcess;
  let supervisorOutput = '';
  let supervisorExit: Promise<number | null>;
  /** Every pid an app had, to prove at the end that none outlived the supervisor. */
  const appPids = new Map<number, AppName>();
  const notePids = async () => {
    for (const app of (await sendStackCommand({ action: 'status' })).apps) {
      if (app.pid !== null) appPids.set(app.pid, app.app);
    }
  };

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'run-local-stack.js')) || !existsSync(join(DIST, 'stack-cli.js'))) {
      throw new Error(`${DIST} has no build of the supervisor or the CLI: run npm run build first`);
    }
    for (const app of APPS) {
      if (await portIsTaken(portOf(app))) throw new Error(`${app}'s port is taken: stop ./bin/run`);
    }
    // As a terminal runs a job: a process group of its own in this session. A new session
    // (detached) would be an orphaned group, to which the kernel never delivers Ctrl-Z's SIGTSTP.
    supervisor = spawn(
      'perl',
      [
        '-e',
        'setpgrp(0, 0); exec @ARGV or die',
        process.execPath,
        join(DIST, 'run-local-stack.js'),
      ],
      {
        env: { ...process.env, STACK_APPS: APPS.join(','), PATTERN_SHOP_STATE_DIR: stateDir() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    supervisorExit = new Promise((resolve) => supervisor.once('exit', resolve));
    const keep = (chunk: Buffer) => (supervisorOutput += chunk.toString('utf8'));
    supervisor.stdout?.on('data', keep);
    supervisor.stderr?.on('data', keep);
    await waitFor(
      'the supervisor to answer on its socket',
      async () => {
        if (supervisor.exitCode !== null) throw new Error(`it exited:\n${supervisorOutput}`);
        return sendStackCommand({ action: 'status' });
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    await notePids();
  }, 150_000);

  afterAll(async () => {
    // The last test stops it; should one have failed first, stop it here, and its apps with it.
    if (supervisor?.exitCode === null && supervisor.signalCode === null) {
      supervisor.kill('SIGTERM');
      const ended = await Promise.race([supervisorExit, sleep(30_000).then(() => 'hung')]);
      if (ended === 'hung') supervisor.kill('SIGKILL');
    }
    for (const [pid, app] of appPids) killIfStill(pid, app);
  }, 40_000);

  it('given the stack, then status lists both apps running, and the socket is for this user only', async () => {
    const { apps } = await sendStackCommand({ action: 'status' });
    expect(apps.map(({ app, state, weak, settings }) => ({ app, state, weak, settings }))).toEqual(
      APPS.map((app) => ({ app, state: 'running', weak: [], settings: {} })),
    );
    expect(statSync(stackSocketPath()).mode & 0o777).toBe(0o600);

    const cli = await stackCli('status');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^APP\s+PORT\s+PID\s+STATE\s+WEAK\s+SETTINGS$/m);
    expect(cli.stdout).toMatch(/^inventory-service\s+3002\s+\d+\s+running\s+-\s+-$/m);
    expect(cli.stdout).toMatch(/^payment-provider\s+3007\s+\d+\s+running\s+-\s+-$/m);
  });

  it('given a running app, when frozen, then its process is stopped (T) and answers nothing, and thawed it answers again', async () => {
    const { app } = await sendStackCommand({ action: 'freeze', app: 'inventory-service' });
    expect(app.state).toBe('frozen');
    expect(processStateOf(app.pid as number)).toBe('T');
    expect(await readyStatus('inventory-service')).toBeUndefined();

    const cli = await stackCli('thaw', 'inventory-service');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('thawing inventory-service... thawed (SIGCONT)');
    expect(processStateOf(app.pid as number)).not.toBe('T');
    expect(await readyStatus('inventory-service')).toBe(200);
    expect((await statusOf('inventory-service')).state).toBe('running');
  }, 30_000);

  it('given a running app, when stopped, then it is stopped and its port free, and started again it is ready', async () => {
    const stopped = await sendStackCommand({ action: 'stop', app: 'payment-provider' });
    expect(stopped.app).toMatchObject({ state: 'stopped', pid: null });
    expect(await portIsTaken(portOf('payment-provider'))).toBe(false);

    const cli = await stackCli('start', 'payment-provider');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/starting payment-provider\.\.\. ready in \d+\.\d s, pid \d+/);
    expect(await readyStatus('payment-provider')).toBe(200);
    expect((await statusOf('payment-provider')).state).toBe('running');
    await notePids();
  }, 60_000);

  it('given a restart with a weak switch, then status shows it and the app logs WEAK MECHANISMS ON; a restart with neither returns it to its defaults', async () => {
    const logFrom = logSize('inventory-service');
    const restarted = await sendStackCommand({
      action: 'restart',
      app: 'inventory-service',
      weak: ['ack-before-effect'],
      settings: { LOG_LEVEL: 'debug' },
    });
    expect(restarted.message).toMatch(/^ready in \d+\.\d s, pid \d+$/);
    expect(await statusOf('inventory-service')).toMatchObject({
      state: 'running',
      weak: ['ack-before-effect'],
      settings: { LOG_LEVEL: 'debug' },
    });
    await waitFor(
      'the warning in its log',
      async () =>
        readFileSync(logFile('inventory-service'))
          .subarray(logFrom)
          .toString('utf8')
          .includes('WEAK MECHANISMS ON (ack-before-effect)') || undefined,
    );
    await notePids();

    const cli = await stackCli('restart', 'inventory-service');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/restarting inventory-service \(its defaults\)\.\.\. ready in/);
    expect(await statusOf('inventory-service')).toMatchObject({
      state: 'running',
      weak: [],
      settings: {},
    });
    await notePids();
  }, 90_000);

  it('given a restart with a switch the app does not honour, then a clear error naming exit 78, and status says exited', async () => {
    const began = performance.now();
    const error = await failureOf(
      sendStackCommand({ action: 'restart', app: 'payment-provider', weak: ['no-such-switch'] }),
    );
    expect(error.reason).toBe('app-exited');
    expect(error.message).toContain(
      'payment-provider exited with code 78 while starting: it refused its configuration',
    );
    expect(error.message).toContain('WEAK_MECHANISMS="no-such-switch"');
    expect(performance.now() - began).toBeLessThan(20_000); // at once, not after the readiness timeout
    expect(await statusOf('payment-provider')).toMatchObject({
      state: 'exited',
      exitCode: 78,
      pid: null,
      weak: ['no-such-switch'],
    });

    const cli = await stackCli('restart', 'payment-provider', '--weak', 'no-such-switch');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('exited with code 78');

    expect((await stackCli('restart', 'payment-provider')).code).toBe(0);
    expect(await statusOf('payment-provider')).toMatchObject({ state: 'running', weak: [] });
    await notePids();
  }, 60_000);

  it('given an unknown app, or one this stack does not run, then an error listing the names', async () => {
    const unknown = await failureOf(sendStackCommand({ action: 'stop', app: 'orders' as AppName }));
    expect(unknown.reason).toBe('unknown-app');
    expect(unknown.message).toMatch(
      /^unknown app "orders"; the apps are: web, order-service, .*payment-provider$/,
    );

    const notRun = await failureOf(sendStackCommand({ action: 'freeze', app: 'order-service' }));
    expect(notRun.message).toContain('it runs: inventory-service, payment-provider');

    const cli = await stackCli('freeze', 'orders');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('unknown app "orders"; the apps are: web, order-service');
  }, 30_000);

  it('given Ctrl-Z (SIGTSTP to the foreground process group), then the apps run on and the supervisor still answers', async () => {
    process.kill(-(supervisor.pid as number), 'SIGTSTP');
    await sleep(500);
    const { apps } = await sendStackCommand({ action: 'status' });
    for (const app of apps) {
      expect(app.state).toBe('running');
      expect(processStateOf(app.pid as number)).not.toBe('T');
    }
    expect(supervisorOutput).toContain('Ctrl-Z does not pause Pattern Shop');
  }, 30_000);

  it('given Ctrl-C (SIGINT to the foreground process group), then no app outlives the supervisor, their ports are free, the socket is gone, and the CLI says no ./bin/run runs', async () => {
    await notePids();
    process.kill(-(supervisor.pid as number), 'SIGINT');
    expect(await supervisorExit).toBe(0);

    for (const pid of appPids.keys()) expect(processStateOf(pid)).toBeUndefined();
    for (const app of APPS) expect(await portIsTaken(portOf(app))).toBe(false);
    expect(existsSync(stackSocketPath())).toBe(false);

    const cli = await stackCli('status');
    expect(cli.code).toBe(3);
    expect(cli.stderr).toContain(
      `no ./bin/run is running here (${stackSocketPath()}): start it with ./bin/run`,
    );
  }, 40_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGKILL to a pid only while it is still that app: a pid is reused once its process ended. */
const killIfStill = (pid: number, app: AppName): void => {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(join('apps', app, 'dist', 'main.js'))) process.kill(pid, 'SIGKILL');
  } catch {
    // gone, as it should be
  }
};
