import { failed, type Grade, type Lab, passed } from '../lab.js';
import { type LetterSeen, lettersOf, readyIn } from '../system/dead-letters.js';
import { statusOf } from '../system/stack.js';

const QUEUE = 'payment.commands';

/** What the check saw of the work queue, its consumer and its dead letters. */
export type WorkQueueProbe = Readonly<{
  consumerState: string;
  ready: number;
  letters: readonly LetterSeen[];
}>;

/** The dead-letters tool marks what `poison` makes (libs/messaging/rabbitmq, poison-messages.ts). */
const isPoison = (letter: LetterSeen) => letter.correlationId.startsWith('poison-');

export const judgeWorkQueue = (probe: WorkQueueProbe): Grade => {
  const poison = probe.letters.filter(isPoison);
  const figures = [
    `payment-service (the consumer of ${QUEUE}): ${probe.consumerState}`,
    `${QUEUE}: ${probe.ready} command(s) waiting; its dead letters: ${probe.letters.length}, ${poison.length} of them poison`,
  ];
  const reasons: string[] = [];
  if (probe.consumerState !== 'running')
    reasons.push(
      `payment-service is ${probe.consumerState}: it still holds its connection, so RabbitMQ keeps its share of commands for it and nothing takes them`,
    );
  if (probe.ready > 0)
    reasons.push(`${probe.ready} command(s) wait in ${QUEUE}: checkouts are stuck behind them`);
  if (poison.length > 0)
    reasons.push(
      `the poison message ${poison.map((l) => l.messageId).join(', ')} still waits in ${QUEUE}.dlq for a person: inspect it, then discard it`,
    );
  if (reasons.length > 0) return failed(figures, reasons);
  return passed(figures, [
    'the queue drained once its consumer ran again, and the poison message was taken out of the way by a person, not retried forever',
  ]);
};

const probeWorkQueue = async (): Promise<Grade> =>
  judgeWorkQueue({
    consumerState: (await statusOf('payment-service')).state,
    ready: await readyIn(QUEUE),
    letters: await lettersOf(QUEUE),
  });

const QUEUE_STATS = `curl -s -u shop:shop_dev http://127.0.0.1:15672/api/queues/%2F/${QUEUE} | jq -c '{messages, messages_unacknowledged, consumers}'`;

export const LAB_02: Lab = {
  number: 2,
  slug: '02-deferred-work',
  title: 'Deferred work: a frozen consumer and a poison message',
  patternPage: '../patterns/02-deferred-work.md',
  minutes: '25-35',
  youWillSee:
    "payment-service takes ChargePayment commands off `payment.commands`, a work queue with retries and a dead-letter queue. You will meet the two failures every work queue has: a consumer that is alive, connected and doing nothing (the commands pile up and nothing errors), and a message that fails every time it is handled (it must not block the queue or be retried forever). Then you find both from the queue's numbers, let the backlog drain, and deal with the poison message by hand.",
  watch: [
    `- The queue's numbers (the management API refreshes them every few seconds): \`${QUEUE_STATS}\`,`,
    '  or the management UI at http://127.0.0.1:15672 (shop / shop_dev).',
    '- Prometheus: `rabbitmq_queue_depth{queue="payment.commands"}`, and the alerts',
    '  `RabbitMQQueueStalled`, `RabbitMQQueueWithoutConsumers` (a frozen consumer is dropped by the',
    "  broker's heartbeat after about a minute) and `RabbitMQDeadLettersWaiting` at http://127.0.0.1:9090/alerts.",
    "- payment-service's log: each retry is a warn line `message scheduled for retry`, each dead letter",
    '  an error line `message dead-lettered` (`.local/logs/apps/payment-service.log`).',
    '- The dead letters: `npm run dead-letters -- list payment.commands`, or the console at http://127.0.0.1:8080/console.',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: 'Freeze payment-service (SIGSTOP): its connection to RabbitMQ stays open and it holds the commands already handed to it, so the broker sees a healthy consumer. That is a handler stuck on a call without a timeout, or a process in a long pause.',
    },
    { run: 'npm run stack -- freeze payment-service' },
    { run: 'npm run lab -- load --rate 2 --seconds 5' },
    {
      say: 'Every order is accepted (202): placing an order only writes it and its ChargePayment command. The commands pile up in the queue:',
    },
    { run: QUEUE_STATS },
    {
      say: 'Now add a message no handler can ever process (the dead-letters tool makes one that fails in the inbox insert, every time):',
    },
    {
      run: [
        `POISON=$(npm run -s dead-letters -- poison ${QUEUE} | sed -n 's/^published poison message \\([^ ]*\\).*/\\1/p')`,
        'echo "poison $POISON"',
      ].join('\n'),
    },
    { run: 'npm run lab -- check 2', expect: 'fail' },
  ],
  questions: [
    'While payment-service was frozen, which of its health signals still looked fine, and which number gave it away?',
    'RabbitMQ gives each consumer up to its prefetch of unacknowledged messages. Where were those while the process was frozen, and what happens to them if it is killed instead?',
    'The poison message was tried three times, with pauses, then moved aside. What would one poison message do to a queue without a retry limit? Without a dead-letter queue?',
    'When is redrive the right answer for a dead letter, and when is discard?',
  ],
  fix: [
    {
      say: 'Let payment-service run again. The backlog drains in seconds; watch the numbers fall:',
    },
    { run: 'npm run stack -- thaw payment-service' },
    {
      say: 'The poison message is retried after 1 s and 10 s, then dead-lettered. Wait for it to land, and read why it failed:',
    },
    { run: `npm run lab -- letter ${QUEUE} "$POISON"` },
    { run: `npm run dead-letters -- show ${QUEUE} --id "$POISON"` },
    {
      say: 'The reason is the message itself, so redriving it would fail three more times. Discard it:',
    },
    { run: `npm run dead-letters -- discard ${QUEUE} --id "$POISON"` },
    { run: 'npm run lab -- check 2', expect: 'pass' },
  ],
  answers: [
    "Its process existed, its TCP connections were open and RabbitMQ counted it as a consumer; only its HTTP health endpoint stopped answering (a frozen process answers nothing). The queue's depth growing with a consumer attached, and deliveries at zero, gave it away: RabbitMQQueueStalled.",
    "In the frozen process's hands: delivered, unacknowledged, invisible to any other consumer. Killed, its connection closes and RabbitMQ puts them back in the queue for the next consumer; frozen for longer than the heartbeat timeout, the broker closes the connection itself and does the same.",
    'Without a limit it is handled again every retry delay, for ever, using the consumer and hiding in the retry queues. Without a dead-letter queue the choice is dropping it (lost) or requeueing it at once (a hot loop that can starve the rest of the queue).',
    'Redrive when the cause was outside the message and is fixed (the card processor was down, a bug is deployed away): the same message now succeeds. Discard when the message itself is wrong (poison, or work that no longer makes sense, e.g. a command whose saga has long given up, which payment-service refuses as expired anyway).',
  ],
  grade: () => probeWorkQueue(),
};
