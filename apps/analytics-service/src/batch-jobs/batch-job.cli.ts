// Runs a nightly job now, for one day, a range of days (backfill) or a window: the same code the
// service's schedule and a Kubernetes CronJob run. Progress goes to stderr; each run's record is
// one JSON line on stdout. Exit 0 when every run succeeded, 1 when one failed, 75 when the job is
// running elsewhere, 64 on bad arguments, 78 on bad settings.
import { exitWith, openCommandLineContext } from '../command-line.js';
import { JOB_USAGE, type JobArguments, parseJobArguments } from './job-arguments.js';
import { nightlyJobs } from './nightly-jobs.js';
import { progressLine } from './progress-line.js';
import { JobAlreadyRunningError, runBatchJob } from './run-batch-job.js';

const readArguments = (): JobArguments | undefined => {
  try {
    return parseJobArguments(process.argv.slice(2), new Date());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${JOB_USAGE}\n`);
    return undefined;
  }
};

const main = async (): Promise<number> => {
  const args = readArguments();
  if (args === undefined) return 64; // EX_USAGE
  // PATTERN_SHOP_PARSE_ONLY=1: print the parsed command and stop, so a test can hold the docs' commands to the parser.
  if (process.env['PATTERN_SHOP_PARSE_ONLY'] === '1') return (console.log(JSON.stringify(args)), 0);
  const { config, logger, dataSource } = await openCommandLineContext(
    `analytics-job-${args.job}`,
    4,
  );
  const job = nightlyJobs(config, dataSource)[args.job];
  let failed = 0;
  try {
    for (const period of args.periods) {
      const label = `${args.job} ${period.from.toISOString()} .. ${period.to.toISOString()}`;
      const progress = progressLine(process.stderr, label);
      const run = await runBatchJob(
        { dataSource, logger },
        job,
        period,
        'command-line',
        progress.report,
      );
      progress.finish(run);
      process.stdout.write(`${JSON.stringify(run)}\n`);
      if (run.status !== 'succeeded') failed += 1;
    }
  } finally {
    await dataSource.destroy();
  }
  return failed === 0 ? 0 : 1;
};

// A run already going elsewhere is not a failure to start: exit 75 (EX_TEMPFAIL), try later.
const mainOrBusy = () =>
  main().catch((error: unknown) => {
    if (!(error instanceof JobAlreadyRunningError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 75;
  });

exitWith(mainOrBusy, 'batch job failed to start');
