import type { Period } from '@pattern-shop/contracts';
import { BATCH_JOBS, type BatchJobName } from './batch-job.js';
import { dayBefore } from './nightly-jobs.js';

export const JOB_USAGE = `usage: npm run analytics:job -- <job> [period]
  job:     ${BATCH_JOBS.join(' | ')}
  period:  (none)                          the UTC day before today, as the nightly run
           --date YYYY-MM-DD               one UTC day
           --from-date D1 --to-date D2     every day from D1 to D2, both included (backfill, at most 366)
           --from ISO --to ISO             any window [from, to) of at most 7 days (reconciliation only)`;

export type JobArguments = Readonly<{ job: BatchJobName; periods: readonly Period[] }>;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 366;

const day = (value: string | undefined, flag: string): Date => {
  const date = new Date(`${value ?? ''}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? '') || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`${flag} needs a calendar date as YYYY-MM-DD, got ${value ?? 'nothing'}`);
  }
  return date;
};

const instant = (value: string | undefined, flag: string): Date => {
  const date = new Date(value ?? '');
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value ?? '') || Number.isNaN(date.getTime())) {
    throw new Error(
      `${flag} needs an ISO timestamp such as 2026-11-23T10:00:00Z, got ${value ?? 'nothing'}`,
    );
  }
  return date;
};

/** Reads the command line; throws an Error whose message says what is wrong. */
export const parseJobArguments = (args: readonly string[], now: Date): JobArguments => {
  const [job, ...rest] = args;
  if (!BATCH_JOBS.includes(job as BatchJobName)) {
    throw new Error(`unknown job ${job ?? '(none)'}; one of: ${BATCH_JOBS.join(', ')}`);
  }
  const flags = new Map<string, string | undefined>();
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] ?? '';
    if (!['--date', '--from-date', '--to-date', '--from', '--to'].includes(flag)) {
      throw new Error(`unknown option ${flag}`);
    }
    flags.set(flag, rest[i + 1]);
  }
  const given = [...flags.keys()].sort().join(' ');
  const periods = ((): Period[] => {
    if (given === '') return [dayBefore(now)];
    if (given === '--date') {
      const from = day(flags.get('--date'), '--date');
      return [{ from, to: new Date(from.getTime() + DAY_MS) }];
    }
    if (given === '--from-date --to-date') {
      const first = day(flags.get('--from-date'), '--from-date');
      const last = day(flags.get('--to-date'), '--to-date');
      const days = (last.getTime() - first.getTime()) / DAY_MS + 1;
      if (days < 1) throw new Error('--to-date must not be before --from-date');
      if (days > MAX_DAYS) throw new Error(`a backfill covers at most ${MAX_DAYS} days`);
      return Array.from({ length: days }, (_, i) => {
        const from = new Date(first.getTime() + i * DAY_MS);
        return { from, to: new Date(from.getTime() + DAY_MS) };
      });
    }
    if (given === '--from --to') {
      const from = instant(flags.get('--from'), '--from');
      const to = instant(flags.get('--to'), '--to');
      if (to <= from) throw new Error('--to must be after --from');
      if (to.getTime() - from.getTime() > 7 * DAY_MS) throw new Error('a window is at most 7 days');
      if (job !== 'reconciliation')
        throw new Error('the sales report covers whole days: use --date');
      return [{ from, to }];
    }
    throw new Error(
      `give --date, or --from-date with --to-date, or --from with --to (got ${given})`,
    );
  })();
  // Nothing exists yet to check; a recorded "success" for it would only confuse the metrics.
  const notBegun = periods.find((period) => period.from.getTime() >= now.getTime());
  if (notBegun !== undefined) {
    throw new Error(`${notBegun.from.toISOString()} has not come yet: nothing to check`);
  }
  return { job: job as BatchJobName, periods };
};
