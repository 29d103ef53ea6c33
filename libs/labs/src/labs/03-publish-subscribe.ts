import type { Lab } from '../lab.js';
import { probeDrift } from './03-publish-subscribe.grade.js';

const MAILS = (who: string) =>
  `curl -s "http://127.0.0.1:1080/api/email?to.address=customer-${who}@pattern-shop.test" | jq -r '.[].subject'`;

const drift = (variable: string): string =>
  [
    'CUSTOMER=lab3-$RANDOM',
    `${variable}=$(npm run -s lab -- drift "$CUSTOMER")`,
    `echo "drifted fact $${variable} of customer $CUSTOMER"`,
  ].join('\n');

const HANDLED = `curl -s http://127.0.0.1:3004/metrics | grep '^rabbitmq_messages_handled_total{queue="email.order-events"'`;

const UPCASTER = [
  '```ts',
  '// order-events.ts: v1 stays exactly as it is; v2 beside it',
  'export const orderConfirmedV2 = orderConfirmedV1.omit({ customerId: true }).extend({',
  '  customer: z.object({ id: z.string().min(1), email: z.email() }),',
  '});',
  '// catalogue.ts',
  'OrderConfirmed: { 1: orderConfirmedV1, 2: orderConfirmedV2 },',
  '// upcasters.ts: every v1 address was derived from the id, so the upcast is exact, not a guess',
  'OrderConfirmed: {',
  '  1: upcaster(({ customerId, ...rest }: OrderConfirmedData): OrderConfirmedV2Data => ({',
  '    ...rest,',
  '    customer: { id: customerId, email: `customer-${customerId}@pattern-shop.test` },',
  '  })),',
  '},',
  '```',
].join('\n');

export const LAB_03: Lab = {
  number: 3,
  slug: '03-publish-subscribe',
  title: 'Publish/subscribe: a producer changes a schema, a subscriber silently stops',
  patternPage: '../patterns/03-publish-subscribe.md',
  minutes: '25-35',
  youWillSee:
    'order-service publishes `OrderConfirmed` on the topic exchange `shop.events` and does not know who listens; email-service mails the customer. ' +
    'Publisher and subscribers are deployed separately, so one day a producer ships a new shape first: the shop has a customer directory now, and `OrderConfirmed` version 2 carries `customer: { id, email }` where version 1 had `customerId`. ' +
    'You will be that producer, deployed ahead. A subscriber that reads `data` and trusts it handles the fact "fine": a mail goes out, to nobody, and every signal says all is well. ' +
    "Then you turn the subscriber's schema check back on: the same fact lands in its dead letters, saying why. " +
    'Last, what keeps such a change from shipping (the compatibility check, a new version with an upcaster) and what to do with the facts that were refused meanwhile.',
  watch: [
    '- MailDev, the SMTP sink: http://127.0.0.1:1080/index.html (every mail, and to whom).',
    "- email-service's deliveries by outcome: `" + HANDLED + '`.',
    '- The dead letters, with the reason of each: `npm run dead-letters -- list email.order-events`, or the console at',
    '  http://127.0.0.1:8080/console; the alert `RabbitMQDeadLettersWaiting` at http://127.0.0.1:9090/alerts.',
    '- email-service\'s log by correlation id (`drift` prints it): `grep "$CUSTOMER" .local/logs/apps/email-service.log | jq -c .`',
    '  (the path `./bin/run` prints under "Logs"): `order email handled` with its outcome, or `message dead-lettered` with the reason.',
    '- With the whole stack running, realtime-gateway subscribes to `order.confirmed` too and keeps its own checks:',
    '  `npm run dead-letters -- list realtime.order-events`.',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: "Restart email-service as a subscriber that reads `data` without checking it (the weak switch `no-schema-check`: the catalogue's version and schema check, `decodeMessage`, is skipped):",
    },
    { run: 'npm run stack -- restart email-service --weak no-schema-check' },
    {
      say: 'Now be order-service deployed ahead of its subscribers: publish one `OrderConfirmed` version 2 on `shop.events` (routing key `order.confirmed`), with the envelope and headers its outbox relay sets, for a new order of a new customer (the order is made up: only the subscribers read this fact). `drift` prints the message id, and on stderr what it sent; it returns once email-service has settled the delivery:',
    },
    { run: drift('SILENT') },
    { say: "The customer's mailbox:" },
    { run: MAILS('$CUSTOMER') },
    {
      say: 'Empty. Yet email-service sent a mail: to an address built from a field version 2 no longer has.',
    },
    {
      run: `curl -s 'http://127.0.0.1:1080/api/email?to.address=customer-undefined@pattern-shop.test' | jq -r '.[] | "\\(.to[0].address)  \\(.subject)"' | tail -n 1`,
    },
    {
      say: 'And it counts the fact as handled: no retry, no dead letter, an info line in its log. Nothing anywhere is red.',
    },
    { run: HANDLED },
    { run: 'npm run lab -- check 3', expect: 'fail' },
  ],
  questions: [
    'With the check off, which signal (metrics, logs, dead letters, alerts) showed that the customer got no mail? Who would have noticed first?',
    'With the check on, the fact went to the dead letters at once, `x-attempts` 1, not after retries. Why is that right for this failure, and what would retries have cost?',
    'Which step of the rule in docs/contracts.md did the producer skip, and what in this repository refuses that change before it ships?',
    'Once email-service knows version 2, what happens to a refused v2 fact when it is redriven, and to a v1 fact from a producer not yet upgraded?',
    'zod strips properties a schema does not know, so a subscriber ignores a new field. Why did that tolerance not help here?',
  ],
  fix: [
    {
      say: 'Restart email-service with its defaults: every delivery is checked against the catalogue (`decodeMessage`: type, version, schema, then upcasting) before a handler sees it.',
    },
    { run: 'npm run stack -- restart email-service' },
    { say: 'Publish the same change again:' },
    { run: drift('DRIFT') },
    { run: MAILS('$CUSTOMER') },
    {
      say: 'Still no mail, and there cannot be one yet: email-service was built against version 1. But now the fact is not lost and not misread: it waits in the dead letters, saying why.',
    },
    { run: 'npm run dead-letters -- list email.order-events' },
    { run: 'npm run dead-letters -- show email.order-events --id "$DRIFT"' },
    {
      say: 'What should have stopped the producer: a breaking change is a new version with an upcaster, deployed to every subscriber before any producer publishes it (docs/contracts.md). Here, the compatibility check compares every version in `MESSAGE_SCHEMAS` with its committed JSON Schema snapshot: editing v1 into this shape fails (`customerId: property removed`, `customer: new property is required`), a v2 without an upcaster from v1 fails, and a producer cannot stamp a version the catalogue lacks (`PUBLISHED_VERSIONS` is typed by it). It runs with the unit tests; the parts that refuse:',
    },
    {
      run: "npm run -s test:unit -- --testPathPatterns schema-compatibility -t 'upcaster|removed|required'",
    },
    {
      say: `The change done right is code, in \`libs/contracts/src/events\`, as \`OrderPlaced\` v2 was done (docs/contracts.md, "The example"):\n\n${UPCASTER}\n\nThen email-service reads \`fact.data.customer.email\`. The order: deploy the contracts and every subscriber (they now read v2, and upcast the v1 facts the old producer still sends), then switch the producer (\`PUBLISHED_VERSIONS.OrderConfirmed: 2\`), then redrive the refused facts: \`npm run dead-letters -- redrive email.order-events --all\`; \`sent_emails\` keeps it to one mail per order even if the producer also sent the fact again.`,
    },
    {
      say: 'Redriving before that deploy does nothing useful: the subscriber still does not know version 2, so the fact comes straight back.',
    },
    { run: 'npm run dead-letters -- redrive email.order-events "$DRIFT"' },
    { run: 'npm run lab -- letter email.order-events "$DRIFT" --seconds 30' },
    {
      say: 'No such deploy comes in this workshop, and the order is made up: discard the letter.',
    },
    { run: 'npm run dead-letters -- discard email.order-events --id "$DRIFT"' },
    {
      say: 'realtime-gateway subscribes to `order.confirmed` too, and its check was on all along: it refused both facts, the silent one and this one, at once. Wait for its letters, and discard them as well:',
    },
    {
      run: [
        'npm run lab -- letter realtime.order-events "$SILENT" --seconds 30',
        'npm run lab -- letter realtime.order-events "$DRIFT" --seconds 30',
        'npm run dead-letters -- discard realtime.order-events --id "$SILENT"',
        'npm run dead-letters -- discard realtime.order-events --id "$DRIFT"',
      ].join('\n'),
    },
    {
      say: 'The grader sends email-service a version 2 fact of its own and reads what became of it: its letter and reason in the dead letters, `sent_emails`, and MailDev.',
    },
    { run: 'npm run lab -- check 3', expect: 'pass' },
  ],
  answers: [
    'None: `rabbitmq_messages_handled_total{outcome="handled"}` went up, the log said `order email handled` with outcome `sent`, no dead letter, no alert. Only the mail to `customer-undefined@pattern-shop.test` in MailDev, which nobody reads. The customer notices first, days later, if at all: that is the silent failure publish/subscribe guarantees, because the publisher never hears from its subscribers.',
    'Nothing about the message changes between attempts: an unknown version fails the same way every time. The subscriber dead-letters it as unhandleable at once (consumers.md), so it does not hold a consumer slot and two retry delays, and the letter says why. A handler bug or a down SMTP server is different: those are retried.',
    "It changed a published version in place (renamed `customerId` into `customer`) instead of adding v2 with an upcaster and deploying the subscribers first. The compatibility check (`schema-compatibility.unit.spec.ts`) refuses an edited v1 and a v2 without an upcaster; `PUBLISHED_VERSIONS` and `envelopes.OrderConfirmed` make a producer of an unknown version fail to compile. What remains is a producer built from another copy of the contracts, or a hand-made message, which is what this lab did, and what the subscriber's check is for.",
    'Redriven, v2 is checked against the v2 schema and handled: the mail goes to `customer.email`, and `sent_emails` (order, template) keeps it to one mail even if the fact also came again. A v1 fact is upcast to v2 on the way in (`decodeMessage`), its address derived exactly as before, so the handler is written against v2 only. That is what `OrderPlaced` v1 -> v2 does today.',
    'Tolerance covers additions: a new optional property is ignored by old readers. A renamed or removed property is not an addition: the old reader finds `customerId` missing. Without a check it reads `undefined` and carries on; with the check, v1 data without `customerId` would fail its schema, and an unknown version fails before that.',
  ],
  grade: probeDrift,
};
