import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import type { Logger } from '@pattern-shop/observability';
import {
  type CatalogueEntry,
  catalogueEntry,
  type ChaosRunView,
  evolveRun,
  finishedRun,
  parseLabLine,
  type RunRequest,
  startedRun,
} from './chaos-run.js';

export type ChaosLabSettings = Readonly<{
  enabled: boolean;
  /** The lab's command, built: libs/chaos-checker/dist/cli/chaos.js. */
  cliPath: string;
  /** After the load, at most this long for every order to be final (the lab's --quiesce). */
  quiesceS: number;
}>;

// The lab starts, kills and heals the seven apps on its own; it needs where the state lives
// and a PATH, not web's secrets.
const PASSED_ON = ['PATH', 'HOME', 'LANG', 'PATTERN_SHOP_STATE_DIR'];
const labEnvironment = () =>
  Object.fromEntries(
    PASSED_ON.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );

/**
 * The chaos lab, run as its own command (`chaos run --json`) in a child process: the lab is a
 * tool that drives the system from outside (type:chaos), which an app may not import, and a
 * process of its own keeps its kills and restarts out of web. One run at a time.
 */
export class ChaosLab {
  private catalogue: Promise<CatalogueEntry[]> | undefined;
  private run: ChaosRunView | undefined;

  constructor(
    private readonly settings: ChaosLabSettings,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  async scenarios(): Promise<CatalogueEntry[]> {
    this.refuseWhenOff();
    this.catalogue ??= promisify(execFile)(
      process.execPath,
      [this.settings.cliPath, 'list', '--json'],
      {
        env: labEnvironment(),
      },
    ).then(({ stdout }) => catalogueEntry.array().parse(JSON.parse(stdout)));
    // A failed read is tried again next time rather than remembered.
    return this.catalogue.catch((error: unknown) => {
      this.catalogue = undefined;
      throw error;
    });
  }

  current(): ChaosRunView | undefined {
    this.refuseWhenOff();
    return this.run;
  }

  async start(request: RunRequest, now: Date): Promise<ChaosRunView> {
    this.refuseWhenOff();
    const names = (await this.scenarios()).map((s) => s.name);
    if (!names.includes(request.scenario))
      throw new BadRequestException({
        error: 'Bad Request',
        message: `unknown scenario '${request.scenario}' (one of: ${names.join(', ')})`,
      });
    // Checked after the await, right before the run is set: two starts at once cannot both pass.
    if (this.run?.state === 'running')
      throw new ConflictException({
        error: 'Conflict',
        type: 'https://pattern-shop.dev/problems/chaos-run-in-progress',
        message: `'${this.run.scenario}' is running since ${this.run.startedAt}; one run at a time`,
      });
    this.run = startedRun(request, now);
    this.follow(request);
    return this.run;
  }

  private follow(request: RunRequest): void {
    const child = spawn(
      process.execPath,
      [
        this.settings.cliPath,
        ...['run', request.scenario, '--json', '--rate', String(request.rate)],
        ...['--duration', String(request.durationS), '--seed', String(request.seed)],
        ...['--quiesce', String(this.settings.quiesceS)],
      ],
      { env: labEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const errorLines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = parseLabLine(text);
      if (line !== undefined && this.run !== undefined) this.run = evolveRun(this.run, line);
    });
    createInterface({ input: child.stderr }).on('line', (text) => {
      errorLines.push(text);
      errorLines.splice(0, Math.max(0, errorLines.length - 20));
    });
    child.once('error', (error) => errorLines.push(error.message));
    child.once('close', (code) => {
      if (this.run === undefined) return;
      this.run = finishedRun(this.run, code, errorLines, new Date());
      this.logger.info({ scenario: request.scenario, state: this.run.state }, 'chaos run ended');
    });
  }

  private refuseWhenOff(): void {
    if (!this.settings.enabled)
      throw new NotFoundException({
        error: 'Not Found',
        type: 'https://pattern-shop.dev/problems/chaos-lab-off',
        message: 'the chaos lab is off in this web (CHAOS_LAB=1 turns it on, never in production)',
      });
  }
}
