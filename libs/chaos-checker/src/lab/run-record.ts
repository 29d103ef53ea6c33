import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectorOf } from './alert-history.js';
import type { AttemptRecord, Phase } from './careful-client.js';
import type { RunResult } from './run-scenario.js';

const PHASES: readonly Phase[] = ['before', 'fault', 'after'];

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
};

/** Per phase: attempts, answers by status (0 = no answer in time), latency p50 and p99. */
export const phaseSummary = (result: RunResult) =>
  PHASES.map((phase) => {
    const attempts: AttemptRecord[] = result.client.flatMap((r) =>
      r.attempts.filter((a) => a.phase === phase),
    );
    const byStatus: Record<string, number> = {};
    for (const a of attempts) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
    const ms = attempts.map((a) => a.ms);
    return {
      phase,
      attempts: attempts.length,
      byStatus,
      p50: percentile(ms, 0.5),
      p99: percentile(ms, 0.99),
    };
  });

export const passed = (result: RunResult): boolean =>
  result.verdicts.every((v) => v.result !== 'fail');

/**
 * What a run shows: a resilient run passes when every invariant holds; a weak variant's run
 * passes when it broke the invariant it names, since that is what the lab set out to show.
 */
export const outcomeOf = (result: RunResult): Readonly<{ ok: boolean; line: string }> => {
  const weak = result.settings.weak ? result.scenario.weak : undefined;
  if (weak === undefined) {
    const failures = result.verdicts.filter((v) => v.result === 'fail').map((v) => v.invariant);
    return passed(result)
      ? { ok: true, line: 'PASS' }
      : { ok: false, line: `FAIL (${failures.join('; ')})` };
  }
  const target = result.verdicts.find((v) => (v as { id?: string }).id === weak.breaks);
  return target?.result === 'fail'
    ? {
        ok: true,
        line: `WEAK VARIANT broke '${target.invariant}' as expected: ${target.observed} (${target.offenderCount} offenders). Why: ${weak.why}`,
      }
    : {
        ok: false,
        line: `WEAK VARIANT did not break '${target?.invariant ?? weak.breaks}': the run could not show what the mechanism protects`,
      };
};

/** The run's record, as JSON (everything) and Markdown (what a person reads), in its own folder. */
export const writeRunRecord = (result: RunResult, stateDir: string): string => {
  const stamp = result.window.from.replace(/[:.]/g, '-');
  const dir = join(stateDir, 'chaos', 'runs', `${stamp}-${result.scenario.name}`);
  mkdirSync(dir, { recursive: true });
  const { fault, ...scenario } = result.scenario;
  const json = {
    ...result,
    scenario: { ...scenario, fault: fault.describe },
    phases: phaseSummary(result),
  };
  writeFileSync(join(dir, 'record.json'), JSON.stringify(json, null, 2));
  writeFileSync(join(dir, 'record.md'), markdown(result).join('\n'));
  return dir;
};

/** Each alert series Prometheus showed during the run, with its transitions on the timeline. */
const alertLines = ({ alerts }: RunResult): string[] =>
  alerts.lastAnsweredAtMs === undefined
    ? [`Prometheus did not answer (${alerts.lastError ?? 'no poll'}): no alerts recorded.`]
    : [
        ...(alerts.series.length === 0 ? ['None pending or firing.'] : []),
        ...alerts.series.map(
          (s) =>
            `- ${selectorOf(s.name, s.labels)}: ${s.transitions.map((t) => `${t.state} at ${(t.atMs / 1000).toFixed(1)} s`).join(', ')}`,
        ),
      ];

const markdown = (result: RunResult): string[] => [
  `# Chaos run: ${result.scenario.name}${result.settings.weak ? ' (weak variant)' : ''}`,
  '',
  `Outcome: ${outcomeOf(result).line}`,
  '',
  `Pattern ${result.scenario.pattern}. ${result.scenario.shows}. Fault: ${result.scenario.fault.describe}.`,
  `Load ${result.settings.rate} orders/s for ${result.settings.durationMs / 1000} s, seed ${result.settings.seed}; window ${result.window.from} to ${result.window.to}.`,
  `Quiet ${result.quietAfterMs === undefined ? 'not reached' : `${(result.quietAfterMs / 1000).toFixed(1)} s after the heal`}.`,
  '',
  '| phase | attempts | answers | p50 ms | p99 ms |',
  '| --- | --- | --- | --- | --- |',
  ...phaseSummary(result).map(
    (p) =>
      `| ${p.phase} | ${p.attempts} | ${Object.entries(p.byStatus)
        .map(([s, n]) => `${s === '0' ? 'timeout' : s}: ${n}`)
        .join(', ')} | ${p.p50} | ${p.p99} |`,
  ),
  '',
  '| invariant | expected | observed | result |',
  '| --- | --- | --- | --- |',
  ...result.verdicts.map(
    (v) =>
      `| ${v.invariant} | ${v.expected} | ${v.observed}${v.note === undefined ? '' : ` (${v.note})`} | ${v.result.toUpperCase()} |`,
  ),
  '',
  '## Alerts',
  '',
  ...alertLines(result),
  '',
  '## Timeline',
  '',
  ...result.timeline.map((e) => `- ${(e.atMs / 1000).toFixed(1)} s: ${e.event}`),
  '',
];
