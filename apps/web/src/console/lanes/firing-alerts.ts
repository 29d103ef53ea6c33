/** An alert as Prometheus' /api/v1/alerts lists it. */
export type PromAlert = Readonly<{
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  state: string;
  activeAt?: string;
}>;

export type FiringAlert = Readonly<{
  name: string;
  severity: string;
  labels: string;
  summary: string;
  since: string | null;
}>;

/** Only the firing ones (pending alerts have not held long enough yet); the critical first. */
export const firingAlerts = (alerts: readonly PromAlert[]): FiringAlert[] =>
  alerts
    .filter((alert) => alert.state === 'firing')
    .map(({ labels, annotations, activeAt }) => {
      const { alertname = 'unnamed', severity = 'none', ...rest } = labels;
      return {
        name: alertname,
        severity,
        labels: Object.keys(rest)
          .sort()
          .map((key) => `${key}=${rest[key]}`)
          .join(' '),
        summary: annotations?.['summary'] ?? annotations?.['description'] ?? '',
        since: activeAt ?? null,
      };
    })
    .sort(
      (a, b) =>
        Number(b.severity === 'critical') - Number(a.severity === 'critical') ||
        a.name.localeCompare(b.name),
    );
