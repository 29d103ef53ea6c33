import type { Lab } from '../lab.js';

// Lab 7's page; its grader is in 07-nightly-reconciliation.ts.

const T = "-H 'Authorization: Bearer local-development-only-operator-token'";

const RUNS = [
  `curl -s ${T} 'http://127.0.0.1:3005/jobs/runs?job=reconciliation&limit=5' \\`,
  `  | jq -r '.items[] | "\\(.periodFrom) .. \\(.periodTo)  \\(.trigger)  \\(.status)"'`,
].join('\n');

const FRESHNESS = [
  "curl -s http://127.0.0.1:9090/api/v1/query --data-urlencode 'query=time() - max by (batch_job) (max_over_time(batch_job_checked_until_timestamp_seconds[2d]))' \\",
  `  | jq -r '.data.result | if length == 0 then "no job has ever succeeded: no freshness to measure" else .[] | "\\(.metric.batch_job): the newest period checked ended \\(.value[1] | tonumber / 3600 | floor) h ago" end'`,
].join('\n');

const ALERTS = [
  "curl -s 'http://127.0.0.1:9090/api/v1/rules?type=alert' \\",
  `  | jq -r '.data.groups[] | select(.name == "batch-jobs") | .rules[] | "\\(.state)  \\(.name)\\n    \\(.query)"'`,
].join('\n');

const BACKFILL =
  'npm run analytics:job -- reconciliation --from-date "$(date -u -d \'3 days ago\' +%F)" --to-date "$(date -u -d yesterday +%F)"';

export const LAB_07_PAGE: Omit<Lab, 'grade'> = {
  number: 7,
  slug: '07-nightly-reconciliation',
  title: 'Batch: the nightly job that stops without a word',
  patternPage: '../patterns/07-nightly-reconciliation.md',
  minutes: '20-30',
  youWillSee:
    'analytics-service runs the reconciliation every night at 02:00 UTC, for the day before. You will switch ' +
    'its schedule off, as a deployment does when the jobs move to a Kubernetes CronJob that nobody then ' +
    'creates, and see that nothing complains: the service is healthy, its log has no error, no run fails, ' +
    'because no run happens. The nights before today have passed that way already on your machine (its stack ' +
    'was not running at 02:00): to the job, the same thing. You find the gap from the run records and the ' +
    "job's freshness (the metric, and the alert Prometheus evaluates on it), backfill the missed days from " +
    'the command line, and turn the schedule back on.',
  watch: [
    '- The run records, newest first, with their period, trigger and outcome: `GET /jobs/runs` on',
    '  analytics-service (operator token), as "Break it" shows.',
    "- The job's own metrics: `curl -s http://127.0.0.1:3005/metrics | grep '^batch_job_'`; they are read",
    '  from the run records at scrape time, so a run from the command line counts as much as a scheduled one.',
    '- Prometheus (http://127.0.0.1:9090): the freshness in hours,',
    '  `(time() - max by (batch_job) (max_over_time(batch_job_checked_until_timestamp_seconds[2d]))) / 3600`,',
    '  and the alerts `BatchJobStale` (the newest period checked ended more than 30 h ago) and',
    '  `BatchJobSuccessMetricAbsent` (no success seen for 26 h) at http://127.0.0.1:9090/alerts; the rules are',
    '  in `infra/prometheus/rules/batch-jobs.yml`, evaluated every minute.',
    '- The console at http://127.0.0.1:8080/console: the lane "Last nightly run".',
    "- analytics-service's log (`.local/logs/apps/analytics-service.log`): with the schedule on, it says",
    '  `batch job scheduled` at start, with the next run; with it off, it says nothing at all.',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: "Switch the nightly schedule off. `BATCH_JOBS_SCHEDULED=false` is a real setting: it is what analytics-service's Deployment carries in Kubernetes, where a CronJob is meant to run the same command.",
    },
    { run: 'npm run stack -- restart analytics-service --set BATCH_JOBS_SCHEDULED=false' },
    { say: 'Nothing errors. The service is ready:' },
    { run: 'curl -s http://127.0.0.1:3005/health/ready; echo' },
    {
      say: 'And no run has failed, because none ran. The newest runs (none at all on a fresh machine; windows of today if a chaos run or the lab of the pattern 7 page checked some):',
    },
    { run: RUNS },
    {
      say: "Now the job's freshness: the age of the newest period it checked, as `BatchJobStale` computes it, and the batch alerts with their state and expression, as Prometheus loaded them from `infra/prometheus/rules/batch-jobs.yml`:",
    },
    { run: FRESHNESS },
    { run: ALERTS },
    {
      say: 'On a machine where the job never succeeded there is no freshness at all, and `BatchJobSuccessMetricAbsent` fires. Where a window of today was checked by hand, the freshness looks fine: it watches the newest period only, and the missed nights behind it do not show. Ask the grader, which looks at each of the last three nights:',
    },
    { run: 'npm run lab -- check 7', expect: 'fail' },
  ],
  questions: [
    'Nothing failed and nothing logged an error. Which signal tells you the job stopped, and how long after the first missed night does it fire?',
    'Why is the freshness computed from the run records at scrape time, and not from a counter the scheduler increments when it fires? What would that counter say with the schedule off, or with the job run by a CronJob?',
    'A window of today checked by hand makes the freshness look fine while three nights are missing. What can the freshness not see, and what would?',
    'The backfill runs one day after another. What happens if the 02:00 run starts while a backfill runs, or a colleague starts the same backfill?',
    'In Kubernetes the schedule is off on purpose and a CronJob runs the command. What catches a CronJob that was never applied, or was suspended?',
  ],
  fix: [
    {
      say: 'Backfill the missed nights: one run per day, each recorded with its day and the trigger `command-line`; progress on stderr, each run as a JSON line on stdout, exit 0 only if every day succeeded. `npm run build` once first, if you have not run `./bin/run` yet: the command runs the built code.',
    },
    { run: BACKFILL },
    { say: 'The sales report missed the same nights; backfill it the same way:' },
    { run: BACKFILL.replace('reconciliation', 'sales-report') },
    {
      say: 'Turn the schedule back on, so tonight runs by itself: restart analytics-service with its defaults.',
    },
    { run: 'npm run stack -- restart analytics-service' },
    {
      say: 'Grade it. The grader reads the run records of each of the last three nights, the freshness analytics-service exports, `BatchJobStale` evaluated by Prometheus on that value, and the schedule the service runs with:',
    },
    { run: 'npm run lab -- check 7', expect: 'pass' },
    {
      say: 'Prometheus has the new freshness now (the grader waited for its scrape): the newest period checked ends at midnight, or later if a window of today was checked.',
    },
    { run: FRESHNESS },
  ],
  answers: [
    'The freshness: `batch_job_checked_until_timestamp_seconds` stops moving and `BatchJobStale` fires once the newest period checked ended more than 30 h ago, that is at 06:00 after the first missed night (the period ended at midnight, 30 h before). On a machine where the job never succeeded, `BatchJobSuccessMetricAbsent` fires at once. An alert on errors never fires: there are none.',
    'A job that does not run cannot report that it did not run: a counter incremented by the scheduler stays flat with the schedule off, and a CronJob runs in another process that the service never hears of; a restart resets it too. The run records are the outputs of every way the job runs, so reading them at scrape time gives the same answer however it ran, and the absence of a new period is itself the signal.',
    'Gaps behind the newest period: freshness is a single timestamp. Per-day coverage sees them: a query over the run records for each day of a window (as the grader does), or a gauge of the days without a successful run in the last N days, with its own alert.',
    'The job takes a PostgreSQL advisory lock per job: the second one is refused with exit 75 ("already running elsewhere") and records nothing; the scheduled run logs it and moves on, so that night is then missed and must be run again. A re-run of a day replaces its findings, never doubles them.',
    'The same alerts: they watch what the job produced, not who was supposed to start it. `BatchJobStale` fires whether the schedule is off, the CronJob missing, suspended or failing before it records anything.',
  ],
};
