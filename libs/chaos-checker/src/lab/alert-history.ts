/** An alert's state as Prometheus reports it; `inactive` when it left `GET /api/v1/alerts`. */
export type AlertState = 'pending' | 'firing' | 'inactive';

/** One series of an alert (its labels) and when, on the run's timeline, it changed state. */
export type AlertSeries = Readonly<{
  name: string;
  labels: Readonly<Record<string, string>>;
  transitions: ReadonlyArray<Readonly<{ atMs: number; state: AlertState }>>;
}>;

/** A rule as `GET /api/v1/rules` describes it: its `for:` and its group's evaluation interval. */
export type AlertRule = Readonly<{ name: string; forS: number; intervalS: number }>;

/** What a run saw of Prometheus: the rules, every series' transitions, and whether it answered. */
export type AlertRecord = Readonly<{
  rules: readonly AlertRule[];
  series: readonly AlertSeries[];
  /** The last poll Prometheus answered, on the run's timeline; undefined when none was. */
  lastAnsweredAtMs: number | undefined;
  /** Why the last unanswered poll failed, if one did. */
  lastError: string | undefined;
}>;

/** An alert in the shape of `GET /api/v1/alerts`'s `data.alerts[]`. */
export type ReportedAlert = Readonly<{
  labels: Readonly<Record<string, string>>;
  state: string;
  activeAt?: string;
}>;

/** A series as the watch builds it, poll by poll. */
export type ObservedSeries = {
  name: string;
  labels: Record<string, string>;
  transitions: AlertSeries['transitions'][number][];
};

const keyOf = (labels: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Folds one answer of `GET /api/v1/alerts` into the series: a new state is a transition, and a
 * series missing from the answer went inactive. Pending is dated by Prometheus's `activeAt`
 * (converted to the run's timeline), firing and inactive by the poll that first saw them.
 */
export const observeAlerts = (
  series: ObservedSeries[],
  answer: readonly ReportedAlert[],
  atMs: number,
  nowWallMs: number,
): void => {
  const present = new Set<string>();
  for (const alert of answer) {
    const { alertname, ...labels } = alert.labels;
    const state: AlertState = alert.state === 'firing' ? 'firing' : 'pending';
    const key = keyOf(alert.labels);
    present.add(key);
    let known = series.find((s) => keyOf({ ...s.labels, alertname: s.name }) === key);
    if (known === undefined) {
      known = { name: alertname ?? '?', labels, transitions: [] };
      series.push(known);
    }
    const last = known.transitions.at(-1)?.state;
    if (last === state) continue;
    if (last === undefined || last === 'inactive') {
      const activeAtMs = alert.activeAt === undefined ? atMs : Date.parse(alert.activeAt);
      const since = Math.round(atMs - (nowWallMs - activeAtMs));
      known.transitions.push({ atMs: Math.min(atMs, since), state: 'pending' });
    }
    if (state === 'firing') known.transitions.push({ atMs, state });
  }
  for (const s of series) {
    const gone = !present.has(keyOf({ ...s.labels, alertname: s.name }));
    if (gone && s.transitions.at(-1)?.state !== 'inactive')
      s.transitions.push({ atMs, state: 'inactive' });
  }
};

/** `labels` holds every label `wanted` names, with the same value. */
export const labelsMatch = (
  labels: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>> | undefined,
): boolean => Object.entries(wanted ?? {}).every(([k, v]) => labels[k] === v);

/** `{job="payment-service"}` after the name, as PromQL writes a selector. */
export const selectorOf = (name: string, labels?: Readonly<Record<string, string>>): string => {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`;
};
