import { outcomeOf, phaseSummary } from '../lab/run-record.js';
import type { RunResult } from '../lab/run-scenario.js';
import { alertsOf, type Scenario } from '../lab/scenario.js';

/** One scenario of the catalogue as plain data, what `list --json` prints. */
export const catalogueEntry = (s: Scenario) => ({
  name: s.name,
  pattern: s.pattern,
  shows: s.shows,
  fault: s.fault.describe,
  watch: s.watch,
  atStake: s.atStake,
  weak: s.weak !== undefined,
  alerts: alertsOf(s).map((alert) => alert.name),
  ...(s.noAlert !== undefined && { noAlert: s.noAlert }),
});

/** A line of the run's progress, as `run --json` prints it: one JSON object a line. */
export const progressLine = (scenario: string, line: string): string =>
  JSON.stringify({ kind: 'progress', scenario, line: line.trim() });

/**
 * A scenario's verdict as `run --json` prints it, with the orders its load placed, so whoever
 * started the run can take their messages off the brokers afterwards.
 */
export const verdictLine = (result: RunResult, recordDir: string): string =>
  JSON.stringify({
    kind: 'verdict',
    scenario: result.scenario.name,
    outcome: outcomeOf(result),
    verdicts: result.verdicts.map((v) => ({
      invariant: v.invariant,
      expected: v.expected,
      observed: v.observed,
      result: v.result,
      offenders: v.offenders,
      offenderCount: v.offenderCount,
      ...(v.note === undefined ? {} : { note: v.note }),
    })),
    phases: phaseSummary(result),
    injectedAtMs: result.injectedAtMs,
    healedAtMs: result.healedAtMs,
    window: result.window,
    orderIds: [
      ...new Set(
        result.client.flatMap((r) => r.attempts.flatMap((a) => (a.orderId ? [a.orderId] : []))),
      ),
    ],
    record: recordDir,
  });
