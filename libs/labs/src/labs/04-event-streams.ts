import type { Lab } from '../lab.js';
import { probeStreams } from './04-event-streams.grade.js';
import { placeOrderCommand } from './place-order-command.js';

export { judgeStreams, type StreamProbe } from './04-event-streams.grade.js';

const PLACE = placeOrderCommand('lab4');

const TODAY =
  'curl -s -H "Authorization: Bearer local-development-only-operator-token" "http://127.0.0.1:3005/analytics/funnel?from=$(date -u +%F)&to=$(date -u -d tomorrow +%F)" | jq -c .';

export const LAB_04: Lab = {
  number: 4,
  slug: '04-event-streams',
  title: 'Event streams: a crash before the offset commit counts twice, and a replay repairs it',
  patternPage: '../patterns/04-event-streams.md',
  minutes: '25-35',
  youWillSee:
    'analytics-service reads the Kafka topics and grows its projections (orders per day, revenue) ' +
    'in PostgreSQL. Each batch ends with two commits in two systems: the projection in the ' +
    'database, then the offset in Kafka. You will kill the service between the two, with its ' +
    "dedupe off: Kafka delivers the batch again, and its facts, your order's confirmation among them, count twice. The grader finds " +
    "the day's totals bigger than the facts they were grown from. Then you turn the dedupe back on " +
    'and rebuild the projection from the stream with a replay, which is also how a change of a ' +
    "projection's logic reaches the past.",
  watch: [
    "- The day's figures, as reports read them: `" + TODAY + '`.',
    '- The stream consumer in analytics-service\'s metrics: `curl -s http://127.0.0.1:3005/metrics | grep -E "^(kafka_consumer_lag|analytics_stream_events_total)"`',
    '  (`outcome="duplicate"`: a record found applied already; lag: records not yet committed).',
    '- Its log, one line per applied record with the correlation id: `grep "$ORDER" .local/logs/apps/analytics-service.log | jq -c .`',
    '  (the path `./bin/run` prints under "Logs").',
    '- `npm run stack -- status`: the state of each app, and the switches and settings in force.',
    "- The console, http://127.0.0.1:8080/console, and the order's journey on the storefront.",
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: 'Hold the checkout before its charge: with payment-service frozen, the order you place now stays PENDING. Its `OrderPlaced` fact reaches analytics; its `OrderConfirmed` does not exist yet.',
    },
    { run: 'npm run stack -- freeze payment-service' },
    { run: PLACE },
    {
      say: "Wait until analytics-service has applied the order's `OrderPlaced` (the crash you plant next must hit the order's next fact, not this one):",
    },
    { run: 'npm run lab -- projection "$ORDER"' },
    {
      say:
        "Now restart analytics-service with two changes. `--weak no-inbox` turns its dedupe off: every delivered fact counts, also one it applied already. `ANALYTICS_CRASH_AFTER_APPLYING_ORDER` plants a crash: right after the transaction that applied this order's facts commits, the service kills itself (SIGKILL), before kafkajs commits the offset. " +
        'Stop it first, so it leaves its consumer group cleanly and the new process gets the partitions at once (a restart is a kill -9, and a killed member keeps its partitions until its session runs out); `KAFKA_SESSION_TIMEOUT_MS=6000` (the least it accepts) lets the group notice a dead member within 6 s instead of 30.',
    },
    { run: 'npm run stack -- stop analytics-service' },
    {
      run: 'npm run stack -- restart analytics-service --weak no-inbox \\\n  --set ANALYTICS_CRASH_AFTER_APPLYING_ORDER="$ORDER" --set KAFKA_SESSION_TIMEOUT_MS=6000',
    },
    {
      say: "Let the checkout go on: thawed, payment-service charges, inventory reserves, the saga confirms, and order-service's outbox relay writes `OrderConfirmed` to `orders.events`. analytics-service applies it, and dies:",
    },
    { run: 'npm run stack -- thaw payment-service' },
    { run: 'npm run lab -- saga "$ORDER"' },
    { run: 'npm run lab -- wait-exit analytics-service' },
    { run: 'npm run stack -- status' },
    {
      say:
        '`./bin/run` does not restart an app that dies: it says so in its terminal and leaves it `exited (signal)`. ' +
        '`npm run stack -- start analytics-service` would bring it back with the settings it had, the planted crash too: it would apply the same batch again and die again, every time (a supervisor that restarts on its own, such as Kubernetes, shows this as a crash loop). ' +
        'Restart it with the weak switch alone (a restart replaces the switches and settings):',
    },
    {
      run: 'npm run stack -- restart analytics-service --weak no-inbox --set KAFKA_SESSION_TIMEOUT_MS=6000',
    },
    {
      say: "Once the dead member's session runs out, the group gives its partitions to the new process, and the batch whose offset was never committed comes again. Without the dedupe, it counts again. Ask the grader (it waits until the group has committed everything):",
    },
    { run: 'npm run lab -- check 4', expect: 'fail' },
    { run: TODAY },
  ],
  questions: [
    'The projection commit and the offset commit are two commits in two systems. Which order of the two would lose an event instead of counting it twice? Why does analytics-service commit the projection first?',
    "Every order's own row in `order_facts` still agrees with the orders database (the grader's line about your orders); only the day's totals are wrong. Why does a per-order comparison miss this double count, and what does keeping the dedupe in that same row buy?",
    'Why would `npm run stack -- start analytics-service` not have helped here, and what would Kubernetes do with this crash? Which figures tell you from outside that a consumer keeps dying on the same batch?',
    "The replay rebuilt the projection from offset 0. What does that rely on (the topics' retention, the key, the facts), and what would you do if the topics kept only 7 days?",
    "You change a projection's logic, e.g. days in the shop's own time zone instead of UTC, or a new figure such as revenue per shipping country. The live consumer applies the new logic to new events only: how do the past days get it, and why can the live service keep answering meanwhile?",
  ],
  fix: [
    { say: 'Turn the dedupe back on: restart analytics-service with its defaults.' },
    { run: 'npm run stack -- restart analytics-service' },
    {
      say:
        'That stops new double counts, but the totals already written stay wrong. The projection is derived data and the stream is the system of record, so rebuild it: the replay reads the three topics from offset 0 into a fresh schema (`analytics_replay_<id>`), with the same handler and the dedupe, and when it has caught up it swaps the fresh schema in, atomically. ' +
        'The live service keeps answering from the old tables all along.',
    },
    { run: 'npm run analytics:replay -- --from earliest' },
    {
      say:
        "The same command is how a change of a projection's logic reaches the past. Say the days should now be the shop's own (Europe/Berlin) instead of UTC: you change the handler and deploy it; from then on new events are bucketed the new way, but the days already projected keep the old figures, mixed with the new. " +
        'A replay applies the new logic to every event ever kept, beside the live tables, and swaps in when it has caught up: no migration of derived rows, no downtime. That is why the projection tables are built by shared DDL, not migrations, and why the topics keep every event (`retention.ms=-1`). Grade it:',
    },
    { run: 'npm run lab -- check 4', expect: 'pass' },
    { run: TODAY },
  ],
  answers: [
    "Offset first, then the projection: a crash between them skips the batch for good, a lost event (at-most-once). Projection first, then the offset: a crash between them delivers the batch again (at-least-once), which is harmless only if applying is idempotent. A count can be repaired by a replay; a lost event no one notices cannot, so at-least-once plus dedupe it is. The consumer also writes its position into `stream_positions` in the projection's transaction, which the replay uses to know when it has caught up.",
    "`projections-match` compares each order's row: placed, total, confirmed. The weak variant rewrites the same row with the same values and adds to the day's totals again, so the row is right and the sum is wrong. The dedupe lives in that row (the `confirmed_at IS NULL` guard of the upsert), in the transaction that grows the totals: a fact grows them only if it filled its column, so row and totals cannot disagree. It also catches a fact re-published with a new message id, which an inbox of message ids would not.",
    '`start` keeps the app\'s switches and settings, so it kept the planted crash, and the batch that kills it is the next one it reads: it would die on every start. Kubernetes would restart the pod again and again with growing back-off (CrashLoopBackOff). From outside: `kafka_consumer_lag` never falls on that partition, `analytics_stream_events_total{outcome="duplicate"}` (or, weak, the totals) grows with each attempt, the restart count grows, and `ServiceDown` fires.',
    'That the topics keep every event (`retention.ms=-1`), that each event is a fact with its own data (not a pointer to a row that may have changed), and that the handler is deterministic and deduplicates per business key. With 7 days of retention, a replay rebuilds only the last 7 days: keep a snapshot of the projection (or a compacted topic of per-order state) to start from, or archive the topics (tiered storage, an S3 sink) and replay from there.',
    'By a replay from offset 0 (or from the moment the logic should start to hold): the new logic runs over the kept events into a fresh schema, beside the live one, and swaps in when it has caught up. The live service answers from the old tables meanwhile, and live batches wait milliseconds during the swap; no ALTER or UPDATE of derived rows, which could not be checked against anything anyway.',
  ],
  grade: probeStreams,
};
