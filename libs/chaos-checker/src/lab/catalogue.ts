import type { CheckoutSagaStatus } from '@pattern-shop/contracts';
import {
  duplicateStorm,
  poisonEverywhere,
  reversedBacklog,
  schemaDrift,
} from './message-faults.js';
import { expectedDriftDeadLetters, expectedPoisonDeadLetters } from './planted-messages.js';
import type { Fault, Scenario } from './scenario.js';
import { clockJump } from './clock-faults.js';
import { reconciliationSourceCut } from './batch-faults.js';
import {
  chargeInFlight,
  openTransaction,
  projectionAheadOfOffset,
  sagaIn,
} from './kill-moments.js';
import { refundsFailingThenRetried } from './parked-sagas.js';
import {
  cutHop,
  freezeApp,
  killApp,
  killWhen,
  nothing,
  oneAfterAnother,
  providerKnobs,
  serverRestart,
  silentHop,
  together,
  toxic,
} from './faults.js';
import { WATCHER_PROXY } from './realtime-watchers.js';

/** order-service killed with a saga in `status`, which `hold` makes last long enough to catch. */
const orchestratorCrashIn = (status: CheckoutSagaStatus, hold: Fault): Fault =>
  together([hold, killWhen('order-service', sagaIn(status), 'orchestrator crash')]);

const RESTART_IS_SECONDS =
  'a restart lasts seconds: ServiceDown needs 2 min down, no other rule reaches its threshold';
const DEADLINES_LOOK_BACK =
  'CheckoutSagaStepDeadlinesPassing is the one, but it looks back 10 min: it cannot clear within a run';
const DEAD_LETTER_ALERTS_LOOK_BACK =
  'RabbitMQMessagesDeadLettered and KafkaDeadLettersWritten look back 15 min: they fire on the planted dead letters and stay active long after the run';
const CLOCKS_HAVE_NO_RULE =
  'no rule watches clocks; the point is that nothing else fires (no deadline passes)';

/**
 * ChargePayments dead-lettered while their outcome at the provider is unknown: by design the
 * saga's void settles each (docs/dead-letters.md), and the money invariants hold it to that.
 */
const UNKNOWN_CHARGE_OUTCOMES = ['circuit breaker is open', 'timed out'].map((reasonIncludes) => ({
  source: 'payment.commands.dlq',
  type: 'ChargePayment',
  reasonIncludes,
}));

// The chaos lab's catalogue: one distinct failure mode each, with the pattern it belongs to and
// the invariant it puts at stake. `npm run chaos -- list` prints it; docs/chaos.md has the table.
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'kill-order-service',
    pattern: '5 saga',
    shows:
      'the orchestrator dies with sagas in CHARGING; the restarted one resumes every saga from its table',
    fault: orchestratorCrashIn('CHARGING', providerKnobs({ latencyMs: 500 }, 'charges take 0.5 s')),
    watch: 'checkout_sagas{state}, client 503s/timeouts while it is down',
    atStake: 'every order final; every 202 is one order',
    alert: { name: 'ServiceDown', labels: { job: 'order-service' } },
  },
  {
    name: 'kill-order-service-reserving',
    pattern: '5 saga',
    shows:
      'the orchestrator dies with sagas in RESERVING (stock commands held 1 s on their way); the restarted one takes their replies',
    fault: orchestratorCrashIn(
      'RESERVING',
      toxic(
        'inventory-service.rabbitmq',
        { type: 'latency', attributes: { latency: 1_000 } },
        'stock commands held 1 s',
      ),
    ),
    watch: 'checkout_sagas{state="RESERVING"}, rabbitmq_queue_depth{queue="order.saga-replies"}',
    atStake: 'every order final; stock conserved',
    alert: { name: 'ServiceDown', labels: { job: 'order-service' } },
  },
  {
    name: 'kill-order-service-voiding',
    pattern: '5 saga',
    shows:
      'the orchestrator dies with sagas in VOIDING: payment-service cut off past a 3-s charge deadline, the voids wait with the charges',
    fault: orchestratorCrashIn(
      'VOIDING',
      cutHop('payment-service.rabbitmq', 'payment-service cut from its broker'),
    ),
    watch: 'checkout_sagas{state="VOIDING"}, charge_voids',
    atStake: 'money: nothing charged for an order cancelled while its charge waited',
    appSettings: { 'order-service': { SAGA_CHARGE_TIMEOUT_MS: '3000' } },
    alert: { name: 'ServiceDown', labels: { job: 'order-service' } },
  },
  {
    name: 'kill-order-service-refunding',
    pattern: '5 saga',
    shows:
      'the orchestrator dies with sagas in REFUNDING: 40 buyers for 3 in stock are charged, the reservations fail and every refund fails while the fault lasts',
    fault: orchestratorCrashIn(
      'REFUNDING',
      providerKnobs({ refundErrorRate: 1 }, 'refunds failing'),
    ),
    hotProduct: { sku: 'CLCK-019', stock: 3, buyers: 40 },
    watch: 'checkout_sagas{state="REFUNDING"}, payment_provider_refunds_total',
    atStake: 'money: every charge of a cancelled order refunded once; nothing parked',
    // The third refund attempt comes 15 s after the first, past the heal, so none parks.
    appSettings: { 'order-service': { SAGA_COMPENSATION_RETRY_DELAYS_MS: '1000,4000,10000' } },
    alert: { name: 'ServiceDown', labels: { job: 'order-service' } },
  },
  {
    name: 'kill-payment-service',
    pattern: '2 work queues',
    shows:
      'a consumer dies mid-charge (the provider captured it, payment-service waits for the answer); the redelivered command gets the same charge back',
    fault: together([
      providerKnobs({ latencyMs: 1_000 }, 'charges take 1 s'),
      killWhen('payment-service', chargeInFlight, 'consumer crash mid-charge'),
    ]),
    watch: 'rabbitmq_queue_depth{queue="payment.commands"}',
    atStake: 'nothing charged twice; money on both books',
    alert: { name: 'ServiceDown', labels: { job: 'payment-service' } },
  },
  {
    name: 'kill-inventory-service',
    pattern: '2 work queues',
    shows:
      "a consumer dies inside a reservation's transaction; it rolls back, the command is redelivered and reserved once",
    fault: together([
      toxic(
        'inventory-service.postgres',
        { type: 'latency', attributes: { latency: 50 } },
        "inventory's database 50 ms away",
      ),
      killWhen(
        'inventory-service',
        openTransaction(
          'inventory-service',
          'processed_messages|reservations|stock_movements|SET stock',
          'a stock reservation',
        ),
        'consumer crash mid-reserve',
      ),
    ]),
    watch: 'rabbitmq_queue_depth{queue="inventory.commands"}, circuit_breaker_state',
    atStake: 'stock conserved and never negative',
    alert: { name: 'ServiceDown', labels: { job: 'inventory-service' } },
  },
  {
    name: 'kill-analytics-service',
    pattern: '4 streams',
    shows:
      'a stream consumer dies between projection commit and offset commit; the records replayed to it change nothing',
    fault: together([
      // Upstream: the offset commit itself reaches the broker late, not only its answer.
      toxic(
        'analytics-service.kafka',
        { type: 'latency', stream: 'upstream', attributes: { latency: 300 } },
        'requests to Kafka 300 ms late',
      ),
      killWhen('analytics-service', projectionAheadOfOffset, 'stream consumer crash'),
    ]),
    watch: 'kafka_consumer_lag{group="analytics"}',
    atStake: 'projections equal the orders database',
    alert: { name: 'ServiceDown', labels: { job: 'analytics-service' } },
  },
  {
    name: 'kill-email-service',
    pattern: '3 pub/sub',
    shows:
      'a subscriber dies mid-send (SMTP 1 s slow, its transaction open); the fact is redelivered and mailed once, or twice if the mail left first',
    fault: together([
      toxic('email-service.smtp', { type: 'latency', attributes: { latency: 1_000 } }, 'slow SMTP'),
      killWhen(
        'email-service',
        openTransaction('email-service', 'sent_emails', 'a mail being sent'),
        'subscriber crash mid-send',
      ),
    ]),
    watch: 'rabbitmq_queue_depth{queue="email.order-events"}',
    atStake: 'one mail per final order (a crash between SMTP and commit may send one twice)',
    policy: { allowedDuplicateMails: 2 },
    alert: { name: 'ServiceDown', labels: { job: 'email-service' } },
  },
  {
    name: 'kill-realtime-gateway',
    pattern: '6 real-time',
    shows:
      "the push edge dies under the customers' open pages; they reconnect with backoff and jitter, resubscribe and refetch",
    fault: killApp('realtime-gateway', 'gateway crash'),
    watch: 'realtime_open_connections, realtime_reconnects_total',
    atStake: "every watcher shows each followed order's final status after the restart",
    watchers: { heartbeatTimeoutMs: 8_000 },
    alert: { name: 'ServiceDown', labels: { job: 'realtime-gateway' } },
  },
  {
    name: 'silent-edge',
    pattern: '6 real-time',
    shows:
      "the customers' links to the gateway go silent but stay open; heartbeats notice, the pages reconnect with backoff, resubscribe and refetch",
    fault: silentHop(WATCHER_PROXY.name, 'silent push links'),
    watch: 'realtime_heartbeat_failures_total{detected_by}, realtime_reconnects_total',
    atStake: "every watcher shows each followed order's final status",
    // Heartbeats faster than the defaults (5 s, 4 s, 3 s), so that the silence (a third of the
    // load) outlasts the window even in a short run: the pages give up after 3 s without one.
    appSettings: {
      'realtime-gateway': {
        SOCKET_PING_INTERVAL_MS: '2000',
        SOCKET_PING_TIMEOUT_MS: '2000',
        HEARTBEAT_INTERVAL_MS: '1000',
      },
    },
    watchers: { heartbeatTimeoutMs: 3_000 },
    noAlert:
      'RealtimeConnectionsOpenNoPushes needs 15 min without a push; heartbeats end the silent connections in seconds, the cure rather than a page',
    weak: {
      mechanisms: { 'realtime-gateway': ['no-heartbeat'] },
      breaks: 'watchers-show-final-status',
      why: 'with no heartbeat and no watchdog a silent connection looks alive: the pushes and subscriptions it swallowed are never missed, so nothing reconnects or refetches',
    },
  },
  {
    name: 'restart-rabbitmq',
    pattern: '2, 3 RabbitMQ',
    shows: 'the broker restarts; publishers hold facts in their outboxes, consumers reconnect',
    fault: serverRestart('rabbitmq', 'broker restart'),
    watch: 'outbox_pending_rows, rabbitmq_queue_depth',
    atStake: 'outboxes empty afterwards; nothing lost',
    noAlert: RESTART_IS_SECONDS,
  },
  {
    name: 'restart-kafka',
    pattern: '4 streams',
    shows:
      'the stream broker restarts; the relay holds the records, the consumer resumes at its offsets',
    fault: serverRestart('kafka', 'broker restart'),
    watch: 'outbox_pending_rows{service}, kafka_consumer_lag',
    atStake: 'projections equal the orders database; outboxes empty',
    noAlert: RESTART_IS_SECONDS,
  },
  {
    name: 'restart-postgres',
    pattern: 'all',
    shows: 'every database restarts at once; pools reconnect, requests fail fast meanwhile',
    fault: serverRestart('postgres', 'database restart'),
    watch: 'http_server_request_duration_seconds{status_code="503"}, /health/ready',
    atStake: 'every 202 is one order; no order without a 202',
    // SMTP is not transactional: a mail sent just before email-service's commit failed is sent
    // again on redelivery (docs/inbox.md). Counted and reported, within this allowance.
    policy: { allowedDuplicateMails: 3 },
    noAlert: RESTART_IS_SECONDS,
  },
  {
    name: 'postgres-slow',
    pattern: '1 request-response',
    shows:
      "order-service's database answers 300 ms late and its API pool has 4 connections: requests that cannot get one in 2 s, or pass their 4-s deadline, get 503 with Retry-After, never 500 or a hang",
    fault: toxic(
      'order-service.postgres',
      { type: 'latency', attributes: { latency: 300 } },
      'slow database',
    ),
    appSettings: { 'order-service': { DATABASE_POOL_MAX: '4' } },
    watch: 'order_admission_refused_total, http_server_request_duration_seconds{status_code="503"}',
    atStake: 'no 500; one answer per key; no order committed after its 503',
    noAlert:
      'OrdersShedForMinutes looks back 5 min and holds 5 min more: it can neither fire nor clear within a run',
  },
  {
    name: 'inventory-slow',
    pattern: '1 request-response',
    shows: 'the availability call times out; the breaker opens and the replica prices orders',
    fault: toxic(
      'order-service.inventory-service',
      { type: 'latency', attributes: { latency: 1_000 } },
      'slow inventory',
    ),
    watch: 'circuit_breaker_state{target="inventory-service"}',
    atStake: 'every order final; stock never negative (the saga decides stock)',
    alert: {
      name: 'CircuitBreakerOpen',
      labels: { service: 'order-service', target: 'inventory-service' },
    },
  },
  {
    name: 'inventory-down',
    pattern: '1 request-response',
    shows: 'the availability API is unreachable; orders are accepted unchecked from the replica',
    fault: cutHop('order-service.inventory-service', 'inventory unreachable'),
    watch: 'circuit_breaker_calls_total{result}',
    atStake: 'every 202 is one order',
    alert: {
      name: 'CircuitBreakerOpen',
      labels: { service: 'order-service', target: 'inventory-service' },
    },
  },
  {
    name: 'provider-slow',
    pattern: '5 saga',
    shows:
      "the card processor answers in 6 s, past the saga's 4-s charge deadline, and then succeeds: the saga is voiding a charge that comes back captured, and refunds it",
    fault: providerKnobs({ latencyMs: 6_000 }, 'slow card processor'),
    appSettings: {
      'order-service': { SAGA_CHARGE_TIMEOUT_MS: '4000' },
      'payment-service': { PAYMENT_PROVIDER_TIMEOUT_MS: '8000' },
    },
    watch: 'checkout_sagas{state="VOIDING"}, payment_provider_charges_total',
    atStake: 'money: charged minus refunded equals the confirmed total, on both books',
    noAlert: DEADLINES_LOOK_BACK,
    policy: { expectedDeadLetters: UNKNOWN_CHARGE_OUTCOMES },
    weak: {
      mechanisms: {
        'payment-service': ['ack-before-effect'],
        'order-service': ['no-step-deadline'],
      },
      breaks: 'orders-final',
      why: "issue 21's first broken promise in its naive form: the provider captured the charge, payment-service timed out and had already acked the command, and with no deadline nothing ever voids or refunds it",
      policy: { finalWithinMs: 40_000 },
      // The naive caller gives up at its 2-s default, before the 6-s answer.
      appSettings: { 'payment-service': { PAYMENT_PROVIDER_TIMEOUT_MS: '2000' } },
    },
  },
  {
    name: 'provider-errors',
    pattern: '2 work queues',
    shows: 'half the charges fail with 503; commands retry through delay queues',
    fault: providerKnobs({ errorRate: 0.5 }, 'failing card processor'),
    watch: 'rabbitmq_messages_handled_total{outcome="retried"}',
    atStake: 'nothing charged twice; every order final',
    weak: {
      mechanisms: {
        'payment-service': ['ack-before-effect'],
        'order-service': ['no-step-deadline'],
      },
      breaks: 'orders-final',
      // The resilient saga ends such an order within its 30 s charge deadline plus a void.
      policy: { finalWithinMs: 40_000 },
      why: 'a charge that fails after its command was acked is never retried, and with no step deadline the saga waits for its reply forever',
    },
    noAlert:
      "retries through delay queues page no one; the card processor's breaker did not open in every run, so CircuitBreakerOpen is not sure",
    // At one error in two, a few of 100 charges fail every attempt and are dead-lettered (seen in a
    // quiet run --all: 2); nothing was charged, and the saga's charge deadline cancels the order.
    policy: {
      expectedDeadLetters: [
        ...UNKNOWN_CHARGE_OUTCOMES,
        { source: 'payment.commands.dlq', type: 'ChargePayment', reasonIncludes: 'answered 503' },
      ],
    },
  },
  {
    name: 'refunds-failing',
    pattern: '5 saga',
    shows:
      'every refund fails while 40 buyers charge for 3 in stock: compensations retry, give up and park; the heal retries each parked saga as the person on call does',
    fault: refundsFailingThenRetried('refunds failing'),
    hotProduct: { sku: 'CLCK-019', stock: 3, buyers: 40 },
    // Two retries 0.5 s and 1 s apart: the compensations park inside the fault phase.
    appSettings: { 'order-service': { SAGA_COMPENSATION_RETRY_DELAYS_MS: '500,1000' } },
    watch: 'checkout_sagas{state="COMPENSATION_FAILED"}, GET /sagas?state=COMPENSATION_FAILED',
    atStake: 'money on both books once the parked sagas are retried; none left parked',
    alert: { name: 'CheckoutSagaParked' },
  },
  {
    name: 'payment-rabbitmq-cut',
    pattern: '2 work queues',
    shows: 'payment-service loses RabbitMQ; commands wait in the queue and it reconnects',
    fault: cutHop('payment-service.rabbitmq', 'consumer cut from its broker'),
    watch: 'rabbitmq_queue_consumers{queue="payment.commands"}',
    atStake: 'every order final within the bound',
    // The queue monitor asks RabbitMQ's management API every 15 s, whose figures lag up to 5 s.
    alert: {
      name: 'RabbitMQQueueWithoutConsumers',
      labels: { queue: 'payment.commands' },
      needsFaultS: 20,
    },
  },
  {
    name: 'order-kafka-cut',
    pattern: 'outbox',
    shows:
      "order-service's relay cannot reach Kafka; the write path is untouched, the outbox holds the facts",
    fault: cutHop('order-service.kafka', 'relay cut from Kafka'),
    watch: 'outbox_pending_rows{service="order-service"}',
    atStake: 'outboxes empty afterwards; projections equal the orders',
    weak: {
      mechanisms: { 'order-service': ['publish-after-commit'] },
      breaks: 'projections-match',
      why: 'OrderPlaced published after the commit, not through the outbox: while Kafka is away the publish fails once and nothing retries it, so analytics never hears of those orders',
    },
    // The expression's threshold: the oldest pending row must be 300 s old first.
    alert: { name: 'OutboxBacklogOld', labels: { service: 'order-service' }, needsFaultS: 300 },
  },
  {
    name: 'analytics-kafka-cut',
    pattern: '4 streams',
    shows: 'the stream consumer loses Kafka; lag grows, then it catches up',
    fault: cutHop('analytics-service.kafka', 'consumer cut from Kafka'),
    watch: 'kafka_consumer_lag',
    atStake: 'projections equal the orders database',
    noAlert:
      'with Kafka away the consumer reports no lag at all, and KafkaConsumerLagGrowing needs lag over 100 rising for 10 min',
  },
  {
    name: 'smtp-down',
    pattern: '3 pub/sub',
    shows: 'the mail server is unreachable; facts retry through delay queues, then mail once',
    fault: cutHop('email-service.smtp', 'SMTP down'),
    watch: 'rabbitmq_messages_handled_total{queue="email.order-events",outcome="retried"}',
    atStake: 'one mail per final order',
    weak: {
      mechanisms: { 'email-service': ['ack-before-effect'] },
      breaks: 'one-mail-per-order',
      why: 'a fact acked before its mail was sent is gone when the send fails: no retry, no dead letter, no mail',
    },
    noAlert:
      'the facts wait in delay queues, not in a growing queue: RabbitMQQueueDepthGrowing needs over 100 rising for 10 min',
  },
  {
    name: 'frozen-payment-service',
    pattern: '2 work queues',
    shows: 'the consumer is alive but silent: the queue grows and its oldest message ages',
    fault: freezeApp('payment-service', 'silent consumer'),
    watch: 'rabbitmq_queue_depth{queue="payment.commands"}, rabbitmq_queue_messages_delivered',
    atStake: 'every order final within the bound',
    // The broker's heartbeat drops the frozen connection after about 40 s; the sender's monitor
    // (order-service) then shows the queue without consumers, the frozen one's gauges being stale.
    alert: [
      { name: 'ServiceDown', labels: { job: 'payment-service' } },
      {
        name: 'RabbitMQQueueWithoutConsumers',
        labels: { queue: 'payment.commands' },
        needsFaultS: 60,
      },
    ],
  },
  {
    name: 'frozen-email-service',
    pattern: '3 pub/sub',
    shows: 'a subscriber is alive but silent; the other subscribers are not held up',
    fault: freezeApp('email-service', 'silent subscriber'),
    watch: 'rabbitmq_queue_depth{queue="email.order-events"}',
    atStake: 'one mail per final order',
    // As above: the frozen subscriber is the one that exports its queue's depth.
    alert: { name: 'ServiceDown', labels: { job: 'email-service' } },
  },
  {
    name: 'issue-21-combined',
    pattern: 'all',
    shows:
      "issue 21's faults in one run: a provider slower than the charge timeout, a Kafka restart, a crashed orchestrator, a RabbitMQ restart, a slow database",
    fault: oneAfterAnother(
      [
        providerKnobs({ latencyMs: 3_000 }, 'slow card processor'),
        serverRestart('kafka', 'broker restart'),
        killApp('order-service', 'orchestrator crash'),
        serverRestart('rabbitmq', 'broker restart'),
        toxic(
          'order-service.postgres',
          { type: 'latency', attributes: { latency: 300 } },
          'slow database',
        ),
      ],
      6_000,
    ),
    watch: 'everything: checkout_sagas{state}, outbox_pending_rows, order_admission_refused_total',
    atStake: 'every invariant; run it with --duration 150 so each fault gets its slot',
    policy: { allowedDuplicateMails: 3, expectedDeadLetters: UNKNOWN_CHARGE_OUTCOMES },
    noAlert:
      'five faults of 6 s each, none long enough for its rule; the single scenarios name theirs',
  },
  {
    name: 'poison-everywhere',
    pattern: '2, 3, 4 consumers',
    shows:
      'a message no consumer can read lands on every queue and topic; each goes to the dead letters and the consumers go on',
    fault: poisonEverywhere('poison messages'),
    watch: 'rabbitmq_messages_handled_total{outcome="dead_lettered"}, the dead-letter queues',
    atStake: 'every dead letter accounted for, the planted ones all there; queues drained',
    policy: { expectedDeadLetters: expectedPoisonDeadLetters() },
    weak: {
      mechanisms: {
        'order-service': ['unbounded-retries'],
        'payment-service': ['unbounded-retries'],
        'inventory-service': ['unbounded-retries'],
        'email-service': ['unbounded-retries'],
      },
      breaks: 'dead-letters-accounted',
      why: 'with retries unbounded a poison message never reaches the dead letters: it goes round the retry queues for ever, and nobody is told',
    },
    noAlert: DEAD_LETTER_ALERTS_LOOK_BACK,
  },
  {
    name: 'schema-drift',
    pattern: '3 pub/sub',
    shows:
      'a producer deployed ahead of its consumers sends version 99; every consumer refuses it to the dead letters instead of guessing',
    fault: schemaDrift('schema drift'),
    watch: 'the dead-letter queues, x-error-reason "unknown version 99"',
    atStake: 'every dead letter accounted for; nothing charged or mailed for the drifted messages',
    policy: { expectedDeadLetters: expectedDriftDeadLetters() },
    noAlert: DEAD_LETTER_ALERTS_LOOK_BACK,
  },
  {
    name: 'duplicate-storm',
    pattern: 'inbox',
    shows:
      'every RabbitMQ delivery and every Kafka record arrives twice; the inboxes absorb the second',
    fault: duplicateStorm('duplicate storm'),
    watch: 'rabbitmq_messages_handled_total, inbox duplicates in the logs',
    atStake: 'nothing charged twice; one mail per order; projections equal the orders',
    weak: {
      mechanisms: { 'email-service': ['no-inbox'], 'analytics-service': ['no-inbox'] },
      breaks: 'one-mail-per-order',
      why: 'without the inbox every copy has its effect again: a second mail to the customer, a second count in the projections',
    },
    noAlert: 'copies absorbed by the inboxes are no failure: nothing should page',
  },
  {
    name: 'out-of-order-commands',
    pattern: '5 saga',
    shows:
      'payment-service is cut off past the charge deadline; its backlog comes back reversed, so VoidPayment arrives before the ChargePayment it voids',
    fault: reversedBacklog('payment.commands', 'payment-service.rabbitmq', 'reordered commands'),
    watch: 'checkout_sagas{state="VOIDING"}, charge_voids',
    atStake: 'money: nothing charged for an order cancelled while its charge waited',
    appSettings: { 'order-service': { SAGA_CHARGE_TIMEOUT_MS: '4000' } },
    noAlert: DEADLINES_LOOK_BACK,
  },
  {
    name: 'hot-product',
    pattern: '5 saga',
    shows:
      'hundreds of buyers at once for a product with 25 left: exactly 25 confirmed, no oversell',
    fault: nothing('a crowd of 300 for CLCK-019 (25 in stock)'),
    hotProduct: { sku: 'CLCK-019', stock: 25, buyers: 300 },
    watch: 'inventory stock of CLCK-019, order_admission_refused_total',
    atStake: 'stock never negative; initial minus confirmed equals current',
    noAlert:
      'a sale is no fault: shedding answers 503, and OrdersShedForMinutes (5 min) is for shedding that lasts',
  },
  {
    name: 'frozen-analytics-service',
    pattern: '4 streams',
    shows: 'the stream consumer is alive but silent: its lag grows, then it catches up',
    fault: freezeApp('analytics-service', 'silent stream consumer'),
    watch: 'kafka_consumer_lag{group="analytics"}',
    atStake: 'projections equal the orders database once thawed',
    // The frozen process cannot report its own lag: only the failed scrape gives it away.
    alert: { name: 'ServiceDown', labels: { job: 'analytics-service' } },
  },
  // A clock jump on one service: libfaketime preloaded into order-service only (clock-faults.ts),
  // with charges held at 1 s (under payment-service's 2 s timeout) so sagas wait when it jumps.
  {
    name: 'clock-jump-order-service',
    pattern: '5 saga',
    shows:
      "the orchestrator's wall clock jumps 10 minutes ahead while sagas wait on slow charges: stamped by its own clock, their deadlines would all pass at once",
    fault: together(
      [
        providerKnobs({ latencyMs: 1_000 }, 'charges take 1 s'),
        clockJump('order-service', 600_000, 'orchestrator clock ahead'),
      ],
      2_000,
    ),
    watch: 'checkout_saga_deadlines_total{status}, order created_at against the run window',
    atStake: 'every 202 is one order in its window; no saga cancelled by a deadline not passed',
    noAlert: CLOCKS_HAVE_NO_RULE,
  },
  {
    name: 'clock-back-order-service',
    pattern: '5 saga',
    shows:
      "the orchestrator's wall clock falls 10 minutes behind, then catches up at heal while sagas wait on slow charges",
    fault: together(
      [
        providerKnobs({ latencyMs: 1_000 }, 'charges take 1 s'),
        clockJump('order-service', -600_000, 'orchestrator clock behind'),
      ],
      2_000,
    ),
    watch: 'checkout_saga_deadlines_total{status}, checkout_saga_oldest_in_flight_age_seconds',
    atStake: 'every 202 is one order in its window; no saga cancelled by a deadline not passed',
    noAlert: CLOCKS_HAVE_NO_RULE,
  },
  {
    name: 'reconciliation-source-cut',
    pattern: '7 batch',
    shows:
      "the nightly reconciliation runs while payment-service's page cannot be read: it fails loudly, recorded and alerted, instead of passing an empty page; the window is run again once the link is back",
    fault: reconciliationSourceCut('payment-service', 'a source of the nightly job unreachable'),
    watch:
      'batch_job_last_run_failed{batch_job="reconciliation"}, GET /jobs/runs?job=reconciliation',
    atStake:
      'the reconciliation never passes a page it could not read; the run window checked clean',
    alert: { name: 'BatchJobLastRunFailed', labels: { batch_job: 'reconciliation' } },
  },
];

export const scenarioNamed = (name: string): Scenario | undefined =>
  SCENARIOS.find((scenario) => scenario.name === name);
