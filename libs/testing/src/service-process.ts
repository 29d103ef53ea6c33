import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type AppName, portOf } from '@pattern-shop/contracts';
import { localEnvironment, type LocalEnvironmentOptions } from './local-environment.js';
import { repoRoot, stateDir } from './repo.js';
import { waitFor } from './wait-for.js';

export type ReadinessReport = Readonly<{ httpStatus: number; body: HealthBody }>;
export type ServiceProcessOptions = LocalEnvironmentOptions &
  Readonly<{
    /**
     * Its own process group (and session): a signal the terminal sends its foreground group
     * (Ctrl-C, Ctrl-Z) does not reach it, so whoever started it must stop it.
     */
    ownProcessGroup?: boolean;
    /** Flags for node itself, e.g. `--cpu-prof` (which NODE_OPTIONS may not carry). */
    nodeArguments?: readonly string[];
  }>;
export type HealthBody = Readonly<{
  status: string;
  details?: Record<string, { status: string; message?: string }>;
}>;

/** One app running as a real Node process from its build output, logging to `.local/logs/apps`. */
export class ServiceProcess {
  private readonly recentOutput: string[] = [];
  private readonly startOutput: string[] = [];
  private exited: Promise<number | null>;
  /** Its output is all read: 'exit' can come before the last lines do. */
  private outputClosed: Promise<void>;

  private constructor(
    readonly name: AppName,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
    private readonly settings: Readonly<{
      envOverrides: Record<string, string | undefined>;
      options: ServiceProcessOptions;
    }>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.outputClosed = new Promise((resolve) => child.once('close', () => resolve()));
    const keep = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      this.startOutput.push(...lines.slice(0, Math.max(0, 50 - this.startOutput.length)));
      this.recentOutput.push(...lines);
      this.recentOutput.splice(0, Math.max(0, this.recentOutput.length - 50));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /**
   * `envOverrides` replaces the local settings; a value of `undefined` removes that variable.
   * `{ chaos: true }`: every server and app is reached through its Toxiproxy proxy; create the
   * proxies first (`populateChaosProxies()`), or the app finds nothing listening there.
   */
  static start(
    name: AppName,
    envOverrides: Record<string, string | undefined> = {},
    options: ServiceProcessOptions = {},
  ): ServiceProcess {
    const logDir = join(stateDir(), 'logs', 'apps');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [...(options.nodeArguments ?? []), join(repoRoot(), 'apps', name, 'dist', 'main.js')],
      {
        cwd: repoRoot(),
        env: withoutUnset({
          PATH: process.env['PATH'],
          NODE_ENV: 'development',
          ...localEnvironment(name, options),
          ...envOverrides,
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: options.ownProcessGroup === true,
      },
    );
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const port = envOverrides['PORT'] ?? String(portOf(name));
    return new ServiceProcess(name, `http://127.0.0.1:${port}`, child, { envOverrides, options });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last lines the process printed: what a failing test shows. */
  get output(): string {
    return this.recentOutput.join('\n');
  }

  /** The first lines it printed: its start, before a busy queue scrolls them out of `output`. */
  get firstOutput(): string {
    return this.startOutput.join('\n');
  }

  /** Resolves with the exit code once the process has ended. */
  get exitCode(): Promise<number | null> {
    return this.exited;
  }

  async readiness(): Promise<ReadinessReport> {
    const response = await fetch(`${this.baseUrl}/health/ready`, {
      signal: AbortSignal.timeout(5_000),
    });
    return { httpStatus: response.status, body: (await response.json()) as HealthBody };
  }

  /** Resolves once /health/ready answers 200; rejects at once if the process exits meanwhile. */
  async waitUntilReady(timeoutMs = 60_000): Promise<ReadinessReport> {
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    // The exit is returned, not thrown: waitFor takes a throw for "not yet" and would go on polling.
    const outcome = await waitFor(
      `${this.name} to report ready`,
      async () => {
        if (exitedEarly) return 'exited' as const;
        const report = await this.readiness();
        return report.httpStatus === 200 ? report : undefined;
      },
      { timeoutMs },
    );
    if (outcome === 'exited') {
      await Promise.race([this.outputClosed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      throw new Error(`${this.name} exited during start:\n${this.output}`);
    }
    return outcome;
  }

  /** A crash: SIGKILL, no shutdown hooks, nothing flushed. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGSTOP: the process stays, holding its connections, and does nothing (the silent consumer). */
  freeze(): void {
    this.signal('SIGSTOP');
  }

  /** SIGCONT: a frozen process carries on where it stopped. */
  thaw(): void {
    this.signal('SIGCONT');
  }

  /** A crash and a fresh start with the same settings (the caller waits for readiness). */
  async restart(): Promise<ServiceProcess> {
    await this.kill();
    return ServiceProcess.start(this.name, this.settings.envOverrides, this.settings.options);
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      throw new Error(`${this.name} has exited; it cannot take ${signal}`);
    }
    this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not shut down gracefully within `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    this.child.kill('SIGCONT'); // a frozen process would hold SIGTERM until thawed
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

const withoutUnset = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
