import type { AppName } from '@pattern-shop/contracts';
import {
  type ReadinessReport,
  ServiceProcess,
  type ServiceProcessOptions,
  type StackAppStatus,
  StackControlError,
} from '@pattern-shop/testing';
import { exitedWhileStarting, processStateOf, seconds, untilProcessState } from './app-exit.js';

/** How long a start may take to report ready, as at ./bin/run's own start. */
export const READY_TIMEOUT_MS = 90_000;

type Phase =
  | { kind: 'live'; running: ServiceProcess }
  | { kind: 'stopped' }
  | { kind: 'exited'; code: number | null };

/** What an app runs with on top of its base environment, until the next restart. */
export type AppSettings = { weak: string[]; settings: Record<string, string> };

/**
 * One app under ./bin/run: its process, the switches and overrides it runs with, and the
 * commands of docs/stack-control.md, applied one at a time.
 */
export class SupervisedApp {
  private phase: Phase = { kind: 'stopped' };
  private frozen = false;
  /** A stop or kill of ours is under way: that exit is no surprise. */
  private ending = false;
  /** A start is under way: its caller reports an exit, not the watcher. */
  private starting = false;
  private closing = false;
  private current: AppSettings = { weak: [], settings: {} };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: AppName,
    private readonly baseEnv: Readonly<Record<string, string>>,
    private readonly options: ServiceProcessOptions,
  ) {}

  status(): StackAppStatus {
    const base = {
      app: this.name,
      weak: [...this.current.weak],
      settings: { ...this.current.settings },
      chaos: this.options.chaos === true,
    };
    if (this.phase.kind === 'stopped') return { ...base, pid: null, state: 'stopped' };
    if (this.phase.kind === 'exited') {
      return { ...base, pid: null, state: 'exited', exitCode: this.phase.code };
    }
    const pid = this.phase.running.pid ?? null;
    return { ...base, pid, state: this.isFrozen(pid) ? 'frozen' : 'running' };
  }

  get isLive(): boolean {
    return this.phase.kind === 'live';
  }

  /** Starts the process and waits until /health/ready answers 200, or reports why not. */
  async startAndWait(): Promise<ReadinessReport> {
    if (this.closing) throw new StackControlError('conflict', './bin/run is stopping');
    const env = {
      ...this.baseEnv,
      ...this.current.settings,
      WEAK_MECHANISMS: this.current.weak.length > 0 ? this.current.weak.join(',') : undefined,
    };
    const running = ServiceProcess.start(this.name, env, this.options);
    this.phase = { kind: 'live', running };
    this.frozen = false;
    this.watch(running);
    this.starting = true;
    try {
      return await running.waitUntilReady(READY_TIMEOUT_MS);
    } catch (error) {
      if (this.closing) throw new StackControlError('conflict', './bin/run is stopping');
      const exit = this.exited();
      if (exit !== undefined) {
        throw exitedWhileStarting(this.name, exit.code, running.output, this.current.weak);
      }
      throw new StackControlError(
        'not-ready',
        `${this.name} is not ready after ${READY_TIMEOUT_MS / 1000} s (${error instanceof Error ? error.message : String(error)}); it keeps running: stop or restart it`,
      );
    } finally {
      this.starting = false;
    }
  }

  start(): Promise<string> {
    return this.exclusive(async () => {
      if (this.phase.kind === 'live') {
        throw new StackControlError(
          'conflict',
          `${this.name} is already running (pid ${this.phase.running.pid}); restart it for a fresh process`,
        );
      }
      return this.timed(() => this.startAndWait());
    });
  }

  stop(): Promise<string> {
    return this.exclusive(async () => {
      if (this.phase.kind === 'stopped') return 'already stopped';
      if (this.phase.kind === 'exited') {
        const code = this.phase.code;
        this.phase = { kind: 'stopped' };
        return `stopped (it had exited with code ${code})`;
      }
      const began = performance.now();
      const code = await this.terminate();
      return `stopped in ${seconds(performance.now() - began)} (exit code ${code})`;
    });
  }

  /** kill -9, then a fresh process with exactly these switches and overrides. */
  restart(settings: AppSettings): Promise<string> {
    return this.exclusive(async () => {
      if (this.phase.kind === 'live') {
        this.ending = true;
        await this.phase.running.kill().finally(() => (this.ending = false));
      }
      this.current = { weak: [...settings.weak], settings: { ...settings.settings } };
      return this.timed(() => this.startAndWait());
    });
  }

  freeze(): Promise<string> {
    return this.exclusive(async () => {
      const running = this.liveOrRefuse('freeze');
      if (this.isFrozen(running.pid ?? null)) return `already frozen, pid ${running.pid}`;
      running.freeze();
      this.frozen = true;
      await untilProcessState(running.pid, (state) => state === 'T');
      return `frozen (SIGSTOP), pid ${running.pid}: it holds its connections and answers nothing`;
    });
  }

  thaw(): Promise<string> {
    return this.exclusive(async () => {
      const running = this.liveOrRefuse('thaw');
      const wasFrozen = this.isFrozen(running.pid ?? null);
      running.thaw(); // also when it looks running: SIGCONT is harmless, and /proc may be absent
      this.frozen = false;
      await untilProcessState(running.pid, (state) => state !== 'T');
      return wasFrozen
        ? `thawed (SIGCONT), pid ${running.pid}: it carries on where it stopped`
        : `was not frozen, pid ${running.pid}: it runs`;
    });
  }

  /** ./bin/run is stopping: SIGTERM now, whatever command is under way, and no start after. */
  shutdown(): Promise<number | null | undefined> {
    this.closing = true;
    return this.terminate();
  }

  /** For the supervisor's own exit, which cannot wait: SIGKILL, so no app outlives it. */
  killNow(): void {
    if (this.phase.kind !== 'live' || this.phase.running.pid === undefined) return;
    try {
      process.kill(this.phase.running.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** SIGTERM (and SIGCONT, should it be frozen), SIGKILL after 10 s: its graceful shutdown. */
  private async terminate(): Promise<number | null | undefined> {
    if (this.phase.kind !== 'live') return undefined;
    this.ending = true;
    try {
      return await this.phase.running.stop();
    } finally {
      this.phase = { kind: 'stopped' };
      this.frozen = false;
      this.ending = false;
    }
  }

  private watch(running: ServiceProcess): void {
    void running.exitCode.then((code) => {
      if (this.phase.kind !== 'live' || this.phase.running !== running || this.ending) return;
      this.phase = { kind: 'exited', code };
      this.frozen = false;
      if (!this.starting) console.error(`${this.name} exited unexpectedly (${code}); see its log`);
    });
  }

  /** The exit the watcher recorded, if the process ended (a method: TS keeps no narrowing here). */
  private exited(): { code: number | null } | undefined {
    return this.phase.kind === 'exited' ? this.phase : undefined;
  }

  private liveOrRefuse(action: 'freeze' | 'thaw'): ServiceProcess {
    if (this.phase.kind === 'live') return this.phase.running;
    const state = this.phase.kind === 'stopped' ? 'stopped' : `exited (${this.phase.code})`;
    throw new StackControlError(
      'conflict',
      `${this.name} is ${state}: there is no process to ${action}; start or restart it first`,
    );
  }

  /** /proc says what the process is (a `kill -STOP` by hand counts too); without it, our note. */
  private isFrozen(pid: number | null): boolean {
    const state = pid === null ? undefined : processStateOf(pid);
    return state === undefined ? this.frozen : state === 'T';
  }

  private async timed(start: () => Promise<unknown>): Promise<string> {
    const began = performance.now();
    await start();
    const pid = this.phase.kind === 'live' ? this.phase.running.pid : undefined;
    return `ready in ${seconds(performance.now() - began)}, pid ${pid}`;
  }

  /** One command at a time per app: a freeze must not land in the middle of a restart. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(work);
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
