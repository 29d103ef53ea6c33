import { skipped, type Verdict, verdict } from '../invariants/verdict.js';
import { type AlertRecord, type AlertSeries, labelsMatch, selectorOf } from './alert-history.js';
import type { ScenarioAlert } from './scenario.js';

/** The run's fault phase and the end of its watch, on the run's timeline. */
export type FaultWindow = Readonly<{ injectedAtMs: number; healedAtMs: number }>;

/** Evaluations a condition may lag the fault by: a scrape, an evaluation, and one to spare. */
const GRACE_EVALUATIONS = 3;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const forText = (s: number) => (s % 60 === 0 ? `${s / 60}m` : `${s}s`);

/** Where each series went active, fired and cleared from `fromMs` on: "pending 12 s, firing 135 s". */
const story = (series: readonly AlertSeries[], fromMs = -Infinity) =>
  series
    .flatMap((s) => s.transitions.filter((t) => t.atMs >= fromMs))
    .map((t) => `${t.state} ${seconds(t.atMs)}`)
    .join(', ');

/**
 * The scenario's alert against what Prometheus showed during the run. Passes when it fired
 * between the inject and the heal plus a grace of a few evaluations, and is inactive at the end.
 * Never pending nor firing fails (it would have warned no one); still active at the end fails
 * (it pages for a healed fault). Pending alone is not firing: nobody was paged, so it is "not
 * checked" (skipped) with the `for:` and the duration that would let it fire, never a pass; so
 * are a run without answers from Prometheus and a fault too short for the condition's threshold.
 */
export const alertVerdict = (
  alert: ScenarioAlert,
  record: AlertRecord,
  fault: FaultWindow,
): Verdict => {
  const selector = selectorOf(alert.name, alert.labels);
  const name = `alert ${selector} warns, then clears`;
  const rule = record.rules.find((r) => r.name === alert.name);
  const graceMs = GRACE_EVALUATIONS * (rule?.intervalS ?? 5) * 1000;
  const until = fault.healedAtMs + graceMs;
  const expected = `firing between inject and heal + ${seconds(graceMs)}; inactive at the end`;
  const lastAnswer = record.lastAnsweredAtMs;
  if (lastAnswer === undefined || lastAnswer < until)
    return skipped(
      name,
      expected,
      `not checked: Prometheus did not answer${lastAnswer === undefined ? '' : ` after ${seconds(lastAnswer)}`} (${record.lastError ?? 'no poll'})`,
    );
  if (rule === undefined)
    return skipped(name, expected, `not checked: Prometheus has no rule ${alert.name} loaded`);

  const mine = record.series.filter(
    (s) => s.name === alert.name && labelsMatch(s.labels, alert.labels),
  );
  const leftover = mine.find((s) => stateAt(s, fault.injectedAtMs) !== 'inactive');
  if (leftover !== undefined)
    return skipped(
      name,
      expected,
      `not checked: already active before the inject (${story([leftover])})`,
    );

  const faultMs = fault.healedAtMs - fault.injectedAtMs;
  // A condition is seen a scrape and an evaluation after it became true, and fires `for:` later.
  const seenAfterS = (alert.needsFaultS ?? 0) + 2 * rule.intervalS;
  const durationHint = `--duration ≥ ${3 * (seenAfterS + rule.forS)} lets it`;
  const phase = `inject ${seconds(fault.injectedAtMs)}, heal ${seconds(fault.healedAtMs)}`;
  const since = (series: readonly AlertSeries[]) => story(series, fault.injectedAtMs);
  const held = mine.filter((s) =>
    s.transitions.some(
      (t) => t.state !== 'inactive' && t.atMs >= fault.injectedAtMs && t.atMs <= until,
    ),
  );
  if (held.length === 0) {
    if (faultMs < seenAfterS * 1000)
      return skipped(
        name,
        expected,
        `not checked: its condition needs ${alert.needsFaultS ?? 0} s of fault and 2 evaluations to be seen, the fault phase lasted ${seconds(faultMs)}; --duration ≥ ${3 * seenAfterS} lets it hold, ≥ ${3 * (seenAfterS + rule.forS)} fire`,
      );
    return verdict(
      name,
      expected,
      `never pending nor firing (${[phase, since(mine)].filter(Boolean).join('; ')}): it would have warned no one`,
      [selector],
    );
  }
  const active = held.filter((s) => s.transitions.at(-1)?.state !== 'inactive');
  if (active.length > 0)
    return verdict(
      name,
      expected,
      `${since(held)} (${phase}); still ${active[0]?.transitions.at(-1)?.state} at the end (${seconds(lastAnswer)})`,
      [selector],
    );
  const fired = held.some((s) =>
    s.transitions.some((t) => t.state === 'firing' && t.atMs <= until),
  );
  if (!fired)
    return skipped(
      name,
      expected,
      `not checked: pending, but not firing by heal + ${seconds(graceMs)}, so nobody was paged: ${since(held)} (${phase}); for: ${forText(rule.forS)} ${
        rule.forS * 1000 <= faultMs
          ? 'was not reached'
          : `outlasts the ${seconds(faultMs)} fault phase`
      }; ${durationHint} fire`,
    );
  return verdict(name, expected, `fired and cleared: ${since(held)} (${phase})`, []);
};

const stateAt = (series: AlertSeries, atMs: number) =>
  series.transitions.filter((t) => t.atMs <= atMs).at(-1)?.state ?? 'inactive';

/** One verdict per alert the scenario names; none when it names none. */
export const alertVerdicts = (
  alerts: readonly ScenarioAlert[],
  record: AlertRecord,
  fault: FaultWindow,
): Verdict[] => alerts.map((alert) => alertVerdict(alert, record, fault));
