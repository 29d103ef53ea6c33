import { mailsTo, waitFor } from '@pattern-shop/testing';
import { failed, type Grade, type Lab, passed } from '../lab.js';
import { labCustomers, placeOneOrder } from '../system/load.js';
import { redeliverFact } from '../system/redeliver.js';
import { statusOf } from '../system/stack.js';
import { placeOrderCommand } from './place-order-command.js';

/** What the check saw: the mails one order's customer got after its fact came three times. */
export type RedeliveryProbe = Readonly<{
  orderId: string;
  deliveries: number;
  confirmationMails: number;
  weak: readonly string[];
}>;

export const judgeRedelivery = (probe: RedeliveryProbe): Grade => {
  const figures = [
    `order ${probe.orderId}: OrderConfirmed delivered ${probe.deliveries} times, ${probe.confirmationMails} confirmation mail(s) sent`,
    `email-service runs with: ${probe.weak.length === 0 ? 'its defaults' : probe.weak.map((w) => `weak ${w}`).join(', ')}`,
  ];
  if (probe.confirmationMails === 1)
    return passed(figures, [
      'one mail for one order: email-service recognised the redelivered fact by its message id and did nothing again',
    ]);
  if (probe.confirmationMails === 0)
    return failed(figures, ['no confirmation mail at all: is email-service running, and SMTP?']);
  return failed(figures, [
    `the customer got ${probe.confirmationMails} mails for one order: email-service handled each delivery of the same fact again`,
  ]);
};

const CONFIRMED_SUBJECT = /is confirmed$/;

const probeRedelivery = async (log: (line: string) => void): Promise<Grade> => {
  const email = await statusOf('email-service');
  const [customer] = await labCustomers(1);
  if (customer === undefined) throw new Error('order-service handed out no guest session');
  const address = `customer-${customer.customerId}@pattern-shop.test`;
  const placed = await placeOneOrder(customer);
  if (placed.status !== 202 || placed.orderId === undefined)
    return failed(
      [`POST /orders answered ${placed.status}`],
      ['the check could not place its order'],
    );
  const orderId = placed.orderId;
  log(`placed order ${orderId}; waiting for its confirmation mail...`);
  const confirmations = async () =>
    (await mailsTo(address)).filter((mail) => CONFIRMED_SUBJECT.test(mail.subject)).length;
  await waitFor('the first confirmation mail', async () =>
    (await confirmations()) > 0 ? true : undefined,
  );
  await redeliverFact(orderId, 'OrderConfirmed', 2, log);
  return judgeRedelivery({
    orderId,
    deliveries: 3,
    confirmationMails: await confirmations(),
    weak: email.weak,
  });
};

const MAILS = (who: string) =>
  `curl -s "http://127.0.0.1:1080/api/email?to.address=customer-${who}@pattern-shop.test" | jq -r '.[].subject'`;

const PLACE = placeOrderCommand('lab9');

export const LAB_09: Lab = {
  number: 9,
  slug: '09-inbox',
  title: 'Inbox: at-least-once delivery mails the customer twice without it',
  patternPage: '../inbox.md',
  minutes: '20-30',
  youWillSee:
    'RabbitMQ and Kafka deliver at least once: a consumer that dies before its ack, a relay that ' +
    'dies before it marks a row published, or a network blip on a confirm, and the same message ' +
    "comes again. You will turn email-service's inbox off, deliver one order's `OrderConfirmed` " +
    'fact again, and watch the customer get a second mail; then turn the inbox back on and watch ' +
    'the same redelivery change nothing.',
  watch: [
    '- MailDev, the SMTP sink: http://127.0.0.1:1080/index.html (every mail), or its API as below.',
    '- email-service\'s log: `grep "$ORDER" .local/logs/apps/email-service.log | jq -c .` (the path',
    '  `./bin/run` prints under "Logs").',
    '- The inbox table, one row per message id handled:',
    '',
    '  ```sh',
    '  psql postgres://email_service:email_service_dev@127.0.0.1:5432/email \\',
    "    -c 'SELECT * FROM processed_messages ORDER BY processed_at DESC LIMIT 5'",
    '  ```',
    '',
    "- email-service's metrics: `curl -s http://127.0.0.1:3004/metrics | grep rabbitmq_messages_handled_total`.",
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: 'Restart email-service with its inbox off (the weak switch `no-inbox`: `handleOnce` records and checks nothing, and the `sent_emails` guard is skipped too):',
    },
    { run: 'npm run stack -- restart email-service --weak no-inbox' },
    { say: 'Place an order and keep its id and customer in the shell:' },
    { run: PLACE },
    {
      say: 'Deliver its `OrderConfirmed` fact once more, exactly as it was published (same message id, headers and body), as RabbitMQ does after a lost ack:',
    },
    { run: 'npm run lab -- redeliver "$ORDER"' },
    { run: MAILS('$CUSTOMER') },
    {
      say: "Two mails with the same subject: one order, confirmed twice in the customer's inbox. Ask the grader:",
    },
    { run: 'npm run lab -- check 9', expect: 'fail' },
  ],
  questions: [
    'Which component decided to deliver the fact again, and could it have known the first delivery had its effect?',
    'The inbox records the message id in the same transaction as the effect. Why not record it first, or after?',
    'Sending a mail is not a database write: what happens if email-service dies after SMTP accepted the mail and before its transaction commits? What does `sent_emails` add?',
    'analytics-service reads Kafka and keeps no inbox table. How does it avoid counting an order twice (docs/patterns/04-event-streams.md)?',
  ],
  fix: [
    { say: 'Restart email-service with its defaults, the inbox on:' },
    { run: 'npm run stack -- restart email-service' },
    { run: PLACE },
    { run: 'npm run lab -- redeliver "$ORDER"' },
    { run: MAILS('$CUSTOMER') },
    { say: 'One mail. Grade it:' },
    { run: 'npm run lab -- check 9', expect: 'pass' },
  ],
  answers: [
    'Nobody decided: the broker (or the relay) re-sends whatever was not acknowledged (or marked). It cannot know whether the effect happened, because the effect and the ack are two systems that cannot commit together.',
    'Recorded first and the effect then failing, the retry would be skipped: a lost mail. Recorded after, in a separate transaction, a crash between the two repeats the effect. In one transaction with the effect, both happen or neither.',
    'The transaction rolls back, the message is redelivered and the mail goes out again: SMTP cannot take part in the transaction. Sending is the last step before the commit, so the window is one commit wide, and the mail carries the same Message-ID so a mail client can tell. `sent_emails` (keyed by order and template, claimed in the same transaction) guards another case: the same fact arriving as a different message, with a new message id, which the inbox cannot recognise.',
    'Per business key: `order_facts` holds one row per order with the message id of its placed, confirmed and cancelled facts, and a fact is applied only while its column is still empty, in the same transaction as the aggregates it grows. A redelivered or replayed record finds it filled and counts as `duplicate`, changing nothing; it also catches a fact re-emitted with a new id, which a message-id inbox would not.',
  ],
  grade: probeRedelivery,
};
