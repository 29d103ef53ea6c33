import { failed, type Grade, type Lab, passed } from '../lab.js';
import { readSample } from '../system/metrics.js';
import {
  type DayChecked,
  nightsBefore,
  reconciliationOfDays,
  staleVerdict,
  type StaleVerdict,
} from '../system/nightly-runs.js';
import { statusOf } from '../system/stack.js';
import { LAB_07_PAGE } from './07-nightly-reconciliation.page.js';

/** The nights the grader holds the job to: the three UTC days before today. */
export const NIGHTS = 3;

/** What the check read: the run records of the last nights, the freshness, the schedule. */
export type NightlyProbe = Readonly<{
  analytics: Readonly<{ state: string; scheduled: boolean }>;
  days: readonly DayChecked[];
  nowSeconds: number;
  /** `batch_job_checked_until_timestamp_seconds` of the reconciliation; undefined when absent. */
  checkedUntil: number | undefined;
  stale: StaleVerdict;
}>;

const hoursAgo = (probe: NightlyProbe, seconds: number) =>
  `${((probe.nowSeconds - seconds) / 3600).toFixed(1)} h ago`;

const describeDay = ({ day, checked, runs }: DayChecked) =>
  `${day}: ${checked ? 'checked' : runs === 0 ? 'no run at all' : `${runs} run(s), none succeeded over the whole day`}`;

const describeStale = (stale: StaleVerdict) =>
  'unavailable' in stale
    ? `Prometheus: ${stale.unavailable}`
    : `BatchJobStale (${stale.rule}): ${stale.staleFor === undefined ? 'quiet for the reconciliation' : 'holds for the reconciliation'}; the alert is ${stale.state}`;

const freshnessReasons = (probe: NightlyProbe): string[] => {
  const { stale, checkedUntil } = probe;
  // A service that is not running exports nothing: its own reason says so, not "never succeeded".
  if (probe.analytics.state !== 'running') return [];
  if ('unavailable' in stale)
    return [`Prometheus did not answer (${stale.unavailable}); the freshness is judged there`];
  if (checkedUntil === undefined)
    return [
      'the reconciliation never succeeded: its freshness gauge is absent, which BatchJobSuccessMetricAbsent watches',
    ];
  if (!stale.scraped)
    return [
      "Prometheus has not scraped analytics-service's freshness within 30 s: is its target up (http://127.0.0.1:9090/targets)?",
    ];
  if (stale.staleFor !== undefined)
    return [
      `BatchJobStale's expression holds: the newest period checked ended ${hoursAgo(probe, checkedUntil)}`,
    ];
  return [];
};

export const judgeNightlyRuns = (probe: NightlyProbe): Grade => {
  const { analytics, days, checkedUntil } = probe;
  const figures = [
    `analytics-service: ${analytics.state}, its schedule ${analytics.scheduled ? 'on' : 'off (BATCH_JOBS_SCHEDULED=false)'}`,
    ...days.map(describeDay),
    `batch_job_checked_until_timestamp_seconds{batch_job="reconciliation"}: ${analytics.state !== 'running' ? 'not read' : checkedUntil === undefined ? 'absent' : `${new Date(checkedUntil * 1000).toISOString()}, ${hoursAgo(probe, checkedUntil)}`}`,
    describeStale(probe.stale),
  ];
  const missing = days.filter((d) => !d.checked).map((d) => d.day);
  const reasons: string[] = [];
  if (analytics.state !== 'running')
    reasons.push(
      `analytics-service is ${analytics.state}: nothing runs the job and nothing exports its freshness`,
    );
  if (missing.length > 0)
    reasons.push(
      `no successful reconciliation of ${missing.join(', ')}: those nights passed without a run, and nothing failed to say so`,
    );
  reasons.push(...freshnessReasons(probe));
  if (!analytics.scheduled)
    reasons.push(
      "analytics-service runs with BATCH_JOBS_SCHEDULED=false: tonight's run will be missed as well",
    );
  if (reasons.length > 0) return failed(figures, reasons);
  return passed(figures, [
    `every night from ${days[0]?.day ?? '?'} to ${days.at(-1)?.day ?? '?'} is checked, the newest period checked ended ${hoursAgo(probe, checkedUntil ?? 0)} (BatchJobStale's expression is quiet), and the schedule is on for tonight`,
  ]);
};

const probeNightlyRuns = async (log: (line: string) => void): Promise<Grade> => {
  const app = await statusOf('analytics-service');
  const days = await reconciliationOfDays(nightsBefore(new Date(), NIGHTS));
  const exported =
    app.state === 'running'
      ? await readSample('analytics-service', 'batch_job_checked_until_timestamp_seconds', {
          batch_job: 'reconciliation',
        })
      : 0;
  const checkedUntil = exported > 0 ? exported : undefined;
  log('asking Prometheus what BatchJobStale sees...');
  return judgeNightlyRuns({
    analytics: { state: app.state, scheduled: app.settings['BATCH_JOBS_SCHEDULED'] !== 'false' },
    days,
    nowSeconds: Date.now() / 1000,
    checkedUntil,
    stale: await staleVerdict(checkedUntil),
  });
};

export const LAB_07: Lab = { ...LAB_07_PAGE, grade: probeNightlyRuns };
