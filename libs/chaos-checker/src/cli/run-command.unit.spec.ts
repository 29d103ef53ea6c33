import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Verdict } from '../invariants/verdict.js';
import type { RunResult, RunSettings } from '../lab/run-scenario.js';
import type { Scenario } from '../lab/scenario.js';
import type { CommandIo } from './check-command.js';
import { type RunDependencies, runRun } from './lab-commands.js';

const row = (result: Verdict['result']): Verdict => ({
  invariant: 'every order final (CONFIRMED or CANCELLED)',
  expected: '2 orders final within 60 s',
  observed: result === 'fail' ? '1 final, 1 pending, 1 past 60 s' : '2 final',
  result,
  offenders: result === 'fail' ? ['o-2'] : [],
  offenderCount: result === 'fail' ? 1 : 0,
});

/** A run that ends with the given verdicts, as runScenario returns it. */
const finished =
  (verdicts: readonly Verdict[]) =>
  async (scenario: Scenario, settings: RunSettings): Promise<RunResult> => ({
    scenario,
    settings,
    window: { from: '2026-12-05T01:00:00.000Z', to: '2026-12-05T01:01:00.000Z' },
    timeline: [{ atMs: 0, event: 'starting the seven apps' }],
    client: [],
    injectedAtMs: 1_000,
    healedAtMs: 2_000,
    quietAfterMs: 500,
    alerts: { rules: [], series: [], lastAnsweredAtMs: undefined, lastError: 'no poll' },
    verdicts,
  });

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true })));

const run = async (args: string[], lab: Partial<RunDependencies>) => {
  const out: string[] = [];
  const err: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'chaos-run-'));
  dirs.push(dir);
  const io = { print: (l: string) => out.push(l), printError: (l: string) => err.push(l) };
  const code = await runRun(args, io as unknown as CommandIo, {
    preflight: async () => [],
    runScenario: finished([row('pass')]),
    recordsUnder: () => dir,
    ...lab,
  });
  const runs = join(dir, 'chaos', 'runs');
  return { code, out, err, records: existsSync(runs) ? readdirSync(runs) : [] };
};

describe('chaos run: its exit codes', () => {
  it('given every invariant holds, then it exits 0, prints PASS and writes one record per scenario', async () => {
    const { code, out, records } = await run(['kill-order-service', 'restart-kafka'], {});

    expect(code).toBe(0);
    expect(out.slice(-2)).toEqual([
      `${'kill-order-service'.padEnd(24)} PASS`,
      `${'restart-kafka'.padEnd(24)} PASS`,
    ]);
    expect(records).toEqual(
      expect.arrayContaining([expect.stringMatching(/-kill-order-service$/)]),
    );
    expect(records).toHaveLength(2);
  });

  it('given a run that broke an invariant, then it exits 1 and the summary names it', async () => {
    const { code, out } = await run(['kill-order-service', '--rate', '2'], {
      runScenario: finished([row('pass'), row('fail')]),
    });

    expect(code).toBe(1);
    expect(out.at(-1)).toBe(
      `${'kill-order-service'.padEnd(24)} FAIL (every order final (CONFIRMED or CANCELLED))`,
    );
  });

  it('given a broken invariant in --json mode, then it exits 1 too', async () => {
    const { code } = await run(['kill-order-service', '--json'], {
      runScenario: finished([row('fail')]),
    });

    expect(code).toBe(1);
  });

  it('given a stack that is not up, then it exits 2 naming each problem and runs nothing', async () => {
    let ran = false;
    const { code, err, records } = await run(['kill-order-service'], {
      preflight: async () => ['rabbitmq does not answer on 127.0.0.1:5672: run infra/local/up'],
      runScenario: async (...args) => ((ran = true), finished([])(...args)),
    });

    expect(code).toBe(2);
    expect(err).toEqual([
      'the chaos lab cannot run here:',
      '  rabbitmq does not answer on 127.0.0.1:5672: run infra/local/up',
    ]);
    expect(ran).toBe(false);
    expect(records).toEqual([]);
  });

  it('given bad arguments, then it exits 64 with the reason and the usage', async () => {
    const io = { print: () => undefined, printError: (l: string) => err.push(l) };
    const err: string[] = [];

    expect(await runRun(['--all', '--seed', '-1'], io as unknown as CommandIo)).toBe(64);
    expect(err[0]).toBe('--seed needs a positive number, got -1');
    expect(err[1]).toMatch(/^usage: npm run chaos -- run/);
  });
});
