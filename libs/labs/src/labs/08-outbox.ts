import { failed, type Grade, type Lab, passed } from '../lab.js';
import { type LostFactsTrial, ORDER_KAFKA_PROXY, tryToLoseFacts } from '../system/lost-facts.js';
import { statusOf } from '../system/stack.js';
import { placeOrderCommand } from './place-order-command.js';

/** What the check saw: how order-service runs, and what its own trial lost. */
export type OutboxProbe = Readonly<{
  chaos: boolean;
  weak: readonly string[];
  /** Absent when the stack is not in chaos mode: the link cannot be cut. */
  trial?: LostFactsTrial;
}>;

export const judgeOutbox = (probe: OutboxProbe): Grade => {
  const mode = `order-service runs with: ${probe.weak.length === 0 ? 'its defaults (the outbox)' : probe.weak.map((w) => `weak ${w}`).join(', ')}`;
  const { trial } = probe;
  if (!probe.chaos || trial === undefined)
    return failed(
      [mode],
      [
        'order-service reaches Kafka directly, so its link cannot be cut: start the stack in chaos mode (CHAOS=1 ./bin/run)',
      ],
    );
  const missing = trial.orderIds.filter((id) => !trial.projected.includes(id));
  const figures = [
    mode,
    `${trial.orderIds.length} orders placed with order-service cut from Kafka, then stopped: analytics counted ${trial.projected.length}`,
    `order-service's outbox: ${trial.pendingOutboxRows} row(s) waiting`,
  ];
  if (!trial.settled)
    return failed(figures, [
      `order-service still holds ${trial.pendingOutboxRows} unpublished row(s) a minute after Kafka came back: is its relay running (npm run outbox -- retry-parked order-service)?`,
    ]);
  if (missing.length > 0)
    return failed(figures, [
      `${missing.length} of ${trial.orderIds.length} orders never reached Kafka, and nothing anywhere holds their OrderPlaced any more (${missing.join(', ')}): published from memory after the commit, the fact died with the process`,
    ]);
  return passed(figures, [
    'every order reached analytics: the facts waited in the outbox, in the same database as the orders, across the cut and the stop, and the relay published them once Kafka was back',
  ]);
};

const probeOutbox = async (log: (line: string) => void): Promise<Grade> => {
  const order = await statusOf('order-service');
  const analytics = await statusOf('analytics-service');
  if (analytics.state !== 'running')
    return failed(
      [`analytics-service: ${analytics.state}`],
      ['the check counts what reached Kafka through analytics-service: start it first'],
    );
  const base = { chaos: order.chaos === true, weak: order.weak };
  if (!base.chaos) return judgeOutbox(base);
  return judgeOutbox({ ...base, trial: await tryToLoseFacts(log) });
};

const toxiproxy = (enabled: boolean) =>
  `curl -s -X POST http://127.0.0.1:8474/proxies/${ORDER_KAFKA_PROXY} -d '{"enabled":${enabled}}' | jq -c '{name, enabled}'`;

const PLACE = placeOrderCommand('lab8');

export const LAB_08: Lab = {
  number: 8,
  slug: '08-outbox',
  title: 'Outbox: publish-after-commit loses the fact when the broker and the process fail',
  patternPage: '../outbox.md',
  minutes: '20-30',
  youWillSee:
    'Placing an order must do two things that cannot commit together: write the order to ' +
    "order-service's database and tell Kafka and RabbitMQ (`OrderPlaced`). You will turn " +
    'order-service into the naive "commit, then publish", cut its link to Kafka, and stop it ' +
    'before the link is back: the order exists, its fact is gone for good, and analytics never ' +
    'counts it. Then, with the outbox back, the same cut and stop lose nothing: the fact waits in ' +
    "the order's own database until the relay can publish it.",
  watch: [
    "- order-service's log: with the weak switch, one warn line `message lost: published after commit`",
    '  per fact the broker refused (`.local/logs/apps/order-service.log`; the path `./bin/run` prints).',
    "- The outbox's backlog: `curl -s http://127.0.0.1:3001/metrics | grep outbox_pending_rows`, in",
    '  Prometheus `outbox_pending_rows{service="order-service"}`, and the alert `OutboxBacklogOld`.',
    "- The proxies and whether each link is up: `curl -s http://127.0.0.1:8474/proxies | jq 'map_values(.enabled)'`.",
    '- Where one fact went: `npm run lab -- trail "$ORDER"`.',
  ].join('\n'),
  setup: [
    {
      say: 'This lab cuts one network link, so it needs chaos mode: start the stack in a terminal of its own with `CHAOS=1 ./bin/run` (every app then reaches each server through its own Toxiproxy proxy) and leave it running. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: 'Restart order-service as the naive publisher (the weak switch `publish-after-commit`): it commits the order, then sends `OrderPlaced` straight to the brokers from memory, with no outbox row.',
    },
    { run: 'npm run stack -- restart order-service --weak publish-after-commit' },
    { say: "Cut order-service's link to Kafka (Toxiproxy closes it and refuses new connections):" },
    { run: toxiproxy(false) },
    { say: 'Place an order. It is accepted: the write path does not need Kafka.' },
    { run: PLACE },
    {
      say: 'Its `OrderPlaced` now lives only in the Kafka client inside order-service, retried in memory. End the process before the link is back, as a deploy, an out-of-memory kill or a crash would; then mend the link and start it again:',
    },
    { run: 'npm run stack -- stop order-service' },
    { run: toxiproxy(true) },
    { run: 'npm run stack -- start order-service' },
    { run: 'npm run lab -- trail "$ORDER"' },
    {
      say: 'Nothing holds the fact any more, and nothing will retry it: analytics will never count this order, and no error says so. The grader repeats the trial with three orders of its own:',
    },
    { run: 'npm run lab -- check 8', expect: 'fail' },
  ],
  questions: [
    'Between the commit and the stop, where was the `OrderPlaced` fact in the naive variant? Where was it with the outbox?',
    'Why can order-service not simply publish inside its database transaction, before the commit?',
    'After the restart the relay published rows that may already have reached Kafka once (a confirm lost with the process). What makes a fact published twice harmless?',
    'A growing outbox is not a fault: the system is doing what it should. When should someone be woken, and by which alert?',
  ],
  fix: [
    {
      say: 'Restart order-service with its defaults: facts are written to the outbox, in the same transaction as the order, and a relay publishes them.',
    },
    { run: 'npm run stack -- restart order-service' },
    { say: 'The same trial: cut the link, place an order, and see where its fact waits:' },
    { run: toxiproxy(false) },
    { run: PLACE },
    { run: 'npm run lab -- trail "$ORDER"' },
    {
      say: 'The row to Kafka waits (the one to RabbitMQ, whose link is up, is already published). Stop order-service, mend the link, start it again:',
    },
    { run: 'npm run stack -- stop order-service' },
    { run: toxiproxy(true) },
    { run: 'npm run stack -- start order-service' },
    { run: 'npm run lab -- check 8', expect: 'pass' },
    {
      say: 'The grader waited until the outbox was empty and analytics had caught up; your order is counted too:',
    },
    { run: 'npm run lab -- trail "$ORDER"' },
  ],
  answers: [
    "In the naive variant, only in the process's memory: the Kafka client's send buffer, retrying a link that was down. It died with the process. With the outbox, in a row of order-service's own database, committed in the same transaction as the order: it survives the process, and the relay that starts with the next process publishes it.",
    'Kafka (or RabbitMQ) and PostgreSQL cannot commit together. Published before the commit, a rollback (a constraint, a deadline, a crash) leaves the world told about an order that does not exist; published after, a crash between the two loses it. The outbox turns the publish into a database write, which does commit with the order.',
    'Every fact keeps its message id when the relay publishes it again; consumers recognise it (email-service and payment-service through their inbox, analytics through its per-order facts) and do nothing the second time. The outbox gives at-least-once; the inbox turns it into once in effect (lab 9).',
    'When the oldest waiting row is old, not when rows exist: `OutboxBacklogOld` fires when a row has waited 5 minutes, i.e. the relay cannot publish (a broker or a link down, a poison row). The row count alone rises with every burst of orders and falls again.',
  ],
  grade: probeOutbox,
};
