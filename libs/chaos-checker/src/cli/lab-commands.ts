import { stateDir } from '@pattern-shop/testing';
import { SCENARIOS, scenarioNamed } from '../lab/catalogue.js';
import { preflight } from '../lab/lab-stack.js';
import { outcomeOf, phaseSummary, writeRunRecord } from '../lab/run-record.js';
import { runScenario } from '../lab/run-scenario.js';
import { alertsOf, type Scenario } from '../lab/scenario.js';
import { formatVerdictTable } from '../report/verdict-table.js';
import type { CommandIo } from './check-command.js';
import { catalogueEntry, progressLine, verdictLine } from './json-lines.js';

export const RUN_USAGE = [
  'usage: npm run chaos -- run <scenario...> | --all [--rate N] [--duration S] [--seed N] [--quiesce S]',
  '  --rate N      orders started per second (default 5)',
  '  --duration S  seconds of load; the fault lasts its middle third (default 30)',
  '  --seed N      the same seed gives the same load mix and retry jitter (default 1)',
  '  --quiesce S   at most this long to wait for every order final afterwards (default 120)',
  "  --weak        run each scenario's weak variant: it passes when it breaks its named invariant",
  "  --no-redeliver skip the last step: the window's Kafka records delivered again must change no projection",
  '  --json        one JSON object a line: progress lines, then each verdict (for the web console)',
  'Needs infra/local/up (with Toxiproxy) and no app running: the lab starts its own, in chaos mode.',
];

/** `chaos list`: the catalogue, one scenario a line; `--json`: the catalogue as a JSON array. */
export const runList = async (args: readonly string[], io: CommandIo): Promise<number> => {
  if (args.includes('--json')) {
    io.print(JSON.stringify(SCENARIOS.map(catalogueEntry)));
    return 0;
  }
  io.print(`${'SCENARIO'.padEnd(28)} ${'PATTERN'.padEnd(20)} ${'WEAK'.padEnd(5)} SHOWS`);
  for (const s of SCENARIOS) {
    io.print(
      `${s.name.padEnd(28)} ${s.pattern.padEnd(20)} ${(s.weak ? 'yes' : '').padEnd(5)} ${s.shows}`,
    );
    const alerts = alertsOf(s).map((alert) => alert.name);
    io.print(
      `${''.padEnd(55)} alert: ${alerts.length > 0 ? alerts.join(', ') : `none, ${s.noAlert ?? 'no reason given'}`}`,
    );
  }
  return 0;
};

type RunArguments = {
  weak: boolean;
  json: boolean;
  scenarios: Scenario[];
  rate: number;
  durationMs: number;
  seed: number;
  quiesceMs: number;
  redeliver: boolean;
};

const positive = (flag: string, value: string | undefined): number => {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0)
    throw new Error(`${flag} needs a positive number, got ${value ?? 'nothing'}`);
  return n;
};

export const parseRunArguments = (args: readonly string[]): RunArguments => {
  const parsed: RunArguments = {
    weak: false,
    json: false,
    scenarios: [],
    rate: 5,
    durationMs: 30_000,
    seed: 1,
    quiesceMs: 120_000,
    redeliver: true,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--all') parsed.scenarios = [...SCENARIOS];
    else if (arg === '--weak') parsed.weak = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg === '--no-redeliver') parsed.redeliver = false;
    else if (arg === '--rate') parsed.rate = positive(arg, args[++i]);
    else if (arg === '--duration') parsed.durationMs = positive(arg, args[++i]) * 1_000;
    else if (arg === '--seed') parsed.seed = Math.floor(positive(arg, args[++i]));
    else if (arg === '--quiesce') parsed.quiesceMs = positive(arg, args[++i]) * 1_000;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else {
      const scenario = scenarioNamed(arg);
      if (scenario === undefined)
        throw new Error(`unknown scenario '${arg}' (npm run chaos -- list)`);
      parsed.scenarios.push(scenario);
    }
  }
  if (parsed.scenarios.length === 0) throw new Error('name a scenario, or --all');
  if (parsed.weak) {
    const without = parsed.scenarios.filter((s) => s.weak === undefined).map((s) => s.name);
    const named = args.includes('--all');
    if (named) parsed.scenarios = parsed.scenarios.filter((s) => s.weak !== undefined);
    else if (without.length > 0)
      throw new Error(
        `no weak variant for ${without.join(', ')} (those with one: ${SCENARIOS.filter(
          (s) => s.weak,
        )
          .map((s) => s.name)
          .join(', ')})`,
      );
  }
  return parsed;
};

/** What `chaos run` drives: the real lab, or a test's stand-in that needs no servers. */
export type RunDependencies = Readonly<{
  preflight: typeof preflight;
  runScenario: typeof runScenario;
  recordsUnder: () => string;
}>;

const LAB: RunDependencies = { preflight, runScenario, recordsUnder: stateDir };

/** `chaos run`: each scenario in turn; exit 1 when one broke an invariant, 2 when it could not run. */
export const runRun = async (
  args: readonly string[],
  io: CommandIo,
  lab: RunDependencies = LAB,
): Promise<number> => {
  if (args.includes('--help')) {
    RUN_USAGE.forEach(io.print);
    return 0;
  }
  let parsed: RunArguments;
  try {
    parsed = parseRunArguments(args);
  } catch (error) {
    io.printError((error as Error).message);
    RUN_USAGE.forEach(io.printError);
    return 64;
  }
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1')
    return (
      io.print(JSON.stringify({ ...parsed, scenarios: parsed.scenarios.map((s) => s.name) })),
      0
    );
  const problems = await lab.preflight(parsed.scenarios);
  if (problems.length > 0) {
    io.printError('the chaos lab cannot run here:');
    problems.forEach((p) => io.printError(`  ${p}`));
    return 2;
  }
  if (parsed.json) return runAsJsonLines(parsed, io, lab);
  const summary: string[] = [];
  let broken = false;
  for (const scenario of parsed.scenarios) {
    io.print(`\n== ${scenario.name}: ${scenario.shows}`);
    const result = await lab.runScenario(scenario, { ...parsed, print: io.print });
    const dir = writeRunRecord(result, lab.recordsUnder());
    formatVerdictTable(result.verdicts).forEach(io.print);
    for (const p of phaseSummary(result))
      io.print(
        `  ${p.phase.padEnd(6)} ${p.attempts} attempts ${JSON.stringify(p.byStatus)} p50 ${p.p50} ms p99 ${p.p99} ms`,
      );
    io.print(`record: ${dir}/record.md`);
    const outcome = outcomeOf(result);
    broken ||= !outcome.ok;
    summary.push(`${scenario.name.padEnd(24)} ${outcome.line}`);
  }
  io.print('\nsummary:');
  summary.forEach(io.print);
  return broken ? 1 : 0;
};

/** `run --json`: the same runs, each progress line and verdict as one JSON object a line. */
const runAsJsonLines = async (
  parsed: RunArguments,
  io: CommandIo,
  lab: RunDependencies,
): Promise<number> => {
  let broken = false;
  for (const scenario of parsed.scenarios) {
    const print = (line: string) => io.print(progressLine(scenario.name, line));
    const result = await lab.runScenario(scenario, { ...parsed, print });
    io.print(verdictLine(result, writeRunRecord(result, lab.recordsUnder())));
    broken ||= !outcomeOf(result).ok;
  }
  return broken ? 1 : 0;
};
