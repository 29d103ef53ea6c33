/** Prometheus as `infra/local/up` runs it: the labs ask it what the alerts see. */
export const PROMETHEUS_URL = 'http://127.0.0.1:9090';

/** One series of an instant query's answer. */
export type Sample = Readonly<{ labels: Readonly<Record<string, string>>; value: number }>;

/** An alerting rule as Prometheus loaded it: its expression and its state now. */
export type LoadedAlertRule = Readonly<{ name: string; query: string; state: string }>;

const get = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${PROMETHEUS_URL}${path}`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`Prometheus ${path} answered ${response.status}`);
  return ((await response.json()) as { data: T }).data;
};

/** Evaluates `expr` now, as the rule evaluator would; an empty list when nothing matches. */
export const queryNow = async (expr: string): Promise<Sample[]> => {
  const data = await get<{
    result: Array<{ metric: Record<string, string>; value: [number, string] }>;
  }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  return data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
};

/** The alerting rule `name` from Prometheus's loaded rules, not from the file on disk. */
export const loadedAlertRule = async (name: string): Promise<LoadedAlertRule> => {
  const data = await get<{ groups: Array<{ rules: LoadedAlertRule[] }> }>(
    '/api/v1/rules?type=alert',
  );
  const rule = data.groups.flatMap((g) => g.rules).find((r) => r.name === name);
  if (rule === undefined) throw new Error(`Prometheus has no alerting rule ${name} loaded`);
  return { name: rule.name, query: rule.query, state: rule.state };
};
