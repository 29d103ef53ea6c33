import { describe, expect, it } from '@jest/globals';
import { nightsBefore } from '../system/nightly-runs.js';
import { judgeNightlyRuns, type NightlyProbe } from './07-nightly-reconciliation.js';

const HOUR = 3600;
const now = Date.parse('2026-12-04T09:00:00Z') / 1000;
const RULE = 'time() - max by (batch_job) (...) > 30 * 3600';
const days = (checked: boolean) =>
  ['2026-12-01', '2026-12-02', '2026-12-03'].map((day) => ({
    day,
    checked,
    runs: checked ? 1 : 0,
  }));

/** After the backfill with the schedule back on: last night's day checked, 9 h ago. */
const mended: NightlyProbe = {
  analytics: { state: 'running', scheduled: true },
  days: days(true),
  nowSeconds: now,
  checkedUntil: now - 9 * HOUR,
  stale: { rule: RULE, state: 'inactive', scraped: true, staleFor: undefined },
};

describe('lab 7: graded from the run records of the last nights, the freshness and the schedule', () => {
  it('given every night checked, fresh, and the schedule on, then it passes', () => {
    const grade = judgeNightlyRuns(mended);

    expect(grade.passed).toBe(true);
    expect(grade.reasons).toEqual([
      "every night from 2026-12-01 to 2026-12-03 is checked, the newest period checked ended 9.0 h ago (BatchJobStale's expression is quiet), and the schedule is on for tonight",
    ]);
    expect(grade.figures).toContain('2026-12-02: checked');
  });

  it('given a fresh machine with the schedule off, then it fails on the missed nights, the absent freshness and the schedule', () => {
    const grade = judgeNightlyRuns({
      ...mended,
      analytics: { state: 'running', scheduled: false },
      days: days(false),
      checkedUntil: undefined,
      stale: { ...mended.stale, state: 'inactive' },
    });

    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      'no successful reconciliation of 2026-12-01, 2026-12-02, 2026-12-03: those nights passed without a run, and nothing failed to say so',
      'the reconciliation never succeeded: its freshness gauge is absent, which BatchJobSuccessMetricAbsent watches',
      "analytics-service runs with BATCH_JOBS_SCHEDULED=false: tonight's run will be missed as well",
    ]);
    expect(grade.figures).toContain('2026-12-01: no run at all');
  });

  it('given a window of today checked by hand, when the nights behind it are missing, then it fails on the nights though the freshness is quiet', () => {
    const grade = judgeNightlyRuns({ ...mended, days: days(false), checkedUntil: now - 60 });

    expect(grade.passed).toBe(false);
    expect(grade.reasons).toEqual([
      expect.stringContaining('no successful reconciliation of 2026-12-01'),
    ]);
  });

  it('given every night checked but the newest period older than the alert allows, then it fails on BatchJobStale', () => {
    const grade = judgeNightlyRuns({
      ...mended,
      checkedUntil: now - 57 * HOUR,
      stale: { ...mended.stale, state: 'firing', staleFor: 57 * HOUR },
    });

    expect(grade.reasons).toEqual([
      "BatchJobStale's expression holds: the newest period checked ended 57.0 h ago",
    ]);
  });

  it('given Prometheus not yet holding the value analytics-service exports, then it fails saying so, not judging an old value', () => {
    const grade = judgeNightlyRuns({ ...mended, stale: { ...mended.stale, scraped: false } });

    expect(grade.reasons).toEqual([
      expect.stringContaining("Prometheus has not scraped analytics-service's freshness"),
    ]);
  });

  it('given Prometheus down, then it fails saying so', () => {
    const grade = judgeNightlyRuns({ ...mended, stale: { unavailable: 'fetch failed' } });

    expect(grade.reasons).toEqual([
      'Prometheus did not answer (fetch failed); the freshness is judged there',
    ]);
  });

  it('given analytics-service frozen, then it fails on that alone, not on a freshness it could not read', () => {
    const grade = judgeNightlyRuns({
      ...mended,
      analytics: { state: 'frozen', scheduled: true },
      checkedUntil: undefined,
    });

    expect(grade.reasons).toEqual([
      'analytics-service is frozen: nothing runs the job and nothing exports its freshness',
    ]);
    expect(grade.figures).toContain(
      'batch_job_checked_until_timestamp_seconds{batch_job="reconciliation"}: not read',
    );
  });
});

describe('the nights the grader looks at', () => {
  it('given any time of a day, then the three UTC days before it, oldest first', () => {
    expect(nightsBefore(new Date('2026-03-01T00:00:00Z'), 3)).toEqual([
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
    expect(nightsBefore(new Date('2026-12-04T23:59:59.999Z'), 1)).toEqual(['2026-12-03']);
  });
});
