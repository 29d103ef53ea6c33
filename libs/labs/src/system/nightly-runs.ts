import { queryServiceDb, waitFor } from '@pattern-shop/testing';
import { loadedAlertRule, queryNow } from './prometheus.js';

const DAY_MS = 86_400_000;

/** The `count` UTC days before the one `now` is in, oldest first (YYYY-MM-DD): the last nights. */
export const nightsBefore = (now: Date, count: number): string[] => {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - i) * DAY_MS).toISOString().slice(0, 10),
  );
};

/** One UTC day in analytics-service's run records. */
export type DayChecked = Readonly<{
  day: string;
  /** A successful run covered the whole day: its own nightly run, a backfill or a wider window. */
  checked: boolean;
  /** Runs of any outcome whose period overlaps the day. */
  runs: number;
}>;

/** Reads `job_runs` with the same rule as the gauges: a run checked its period up to its start at most. */
export const reconciliationOfDays = (days: readonly string[]): Promise<DayChecked[]> =>
  queryServiceDb<DayChecked>(
    'analytics-service',
    `SELECT to_char(d AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       EXISTS (SELECT 1 FROM job_runs r WHERE r.job = 'reconciliation' AND r.status = 'succeeded'
               AND r.period_from <= d
               AND LEAST(r.period_to, r.started_at) >= d + interval '24 hours') AS checked,
       (SELECT count(*)::int FROM job_runs r WHERE r.job = 'reconciliation'
               AND r.period_from < d + interval '24 hours' AND r.period_to > d) AS runs
     FROM unnest($1::timestamptz[]) AS d ORDER BY d`,
    [days.map((day) => `${day}T00:00:00.000Z`)],
  );

/** What BatchJobStale, as Prometheus loaded it, says about the reconciliation now. */
export type StaleVerdict =
  | Readonly<{
      rule: string;
      state: string;
      /** Prometheus has the value analytics-service exports now (it scrapes every 5 s). */
      scraped: boolean;
      /** The expression's value for the reconciliation when it holds (the age, in seconds). */
      staleFor: number | undefined;
    }>
  | Readonly<{ unavailable: string }>;

const FRESHNESS = 'batch_job_checked_until_timestamp_seconds{batch_job="reconciliation"}';

/**
 * Evaluates BatchJobStale's expression once Prometheus has scraped the freshness analytics-service
 * exports now, so a backfill a second ago is judged as the alert will see it, not as before it.
 */
export const staleVerdict = async (exported: number | undefined): Promise<StaleVerdict> => {
  try {
    const rule = await loadedAlertRule('BatchJobStale');
    const scraped =
      exported === undefined ||
      (await waitFor(
        "Prometheus to scrape analytics-service's freshness",
        async () => {
          const [seen] = await queryNow(`max_over_time(${FRESHNESS}[2d])`);
          return seen !== undefined && seen.value >= exported ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      ).catch(() => false));
    const holds = (await queryNow(rule.query)).find(
      (sample) => sample.labels['batch_job'] === 'reconciliation',
    );
    return { rule: rule.query, state: rule.state, scraped, staleFor: holds?.value };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
};
