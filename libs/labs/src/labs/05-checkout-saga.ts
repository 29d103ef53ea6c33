import { queryServiceDb } from '@pattern-shop/testing';
import { failed, type Grade, type Lab, passed } from '../lab.js';
import { readSaga, type SagaView } from '../system/saga-watch.js';
import { LAB_SCARCE_SKU } from '../system/addresses.js';
import { guestSessionCommand, orderCurl } from './place-order-command.js';

/** What the check found of the lab's latest order: its saga, and its payment at payment-service. */
export type ParkedSagaProbe = Readonly<{
  orderId: string | undefined;
  saga: Pick<SagaView, 'status' | 'compensationAttempts' | 'lastCompensationFailure'> | undefined;
  payment: Readonly<{ status: string; amountCents: number; currency: string }> | undefined;
}>;

/** The page's order carries a correlation id starting lab5- (place-order-command.ts). */
export const LAB_5_ORDERS = 'lab5-';

const money = (p: NonNullable<ParkedSagaProbe['payment']>) =>
  `${(p.amountCents / 100).toFixed(2)} ${p.currency}`;

export const judgeParkedSaga = (probe: ParkedSagaProbe): Grade => {
  const { orderId, saga, payment } = probe;
  if (orderId === undefined || saga === undefined)
    return failed(
      ['no order with a lab5- correlation id yet'],
      ['place the lab\'s order first (the "Break it" section)'],
    );
  const figures = [
    `order ${orderId}: saga ${saga.status}, ${saga.compensationAttempts} refund attempt(s)${saga.lastCompensationFailure ? `, last failure: ${saga.lastCompensationFailure}` : ''}`,
    `its payment: ${payment === undefined ? 'none' : `${payment.status}, ${money(payment)}`}`,
  ];
  switch (saga.status) {
    case 'COMPENSATION_FAILED':
      return failed(figures, [
        `the saga is parked: the customer paid ${payment ? money(payment) : 'for the order'} for an order that will not come, and nothing retries the refund on its own`,
      ]);
    case 'REFUNDING':
      return failed(figures, [
        'the refund is still being retried: the customer is not refunded yet',
      ]);
    case 'CONFIRMED':
      return failed(figures, [
        'the order was confirmed: the stock was there, so nothing needed compensating; follow the break again',
      ]);
    case 'CANCELLED':
      return payment?.status === 'REFUNDED'
        ? passed(figures, [
            'the order is cancelled and its charge refunded: the compensation finished after a person retried it',
          ])
        : failed(figures, [
            `the order is cancelled but its charge is ${payment?.status ?? 'unknown'}, not refunded`,
          ]);
    default:
      return failed(figures, [
        `the saga is still running (${saga.status}): wait, then check again`,
      ]);
  }
};

const probeLatestOrder = async (): Promise<Grade> => {
  const [latest] = await queryServiceDb<{ id: string }>(
    'order-service',
    `SELECT id FROM orders WHERE correlation_id LIKE $1 ORDER BY created_at DESC LIMIT 1`,
    [`${LAB_5_ORDERS}%`],
  );
  const orderId = latest?.id;
  const saga = orderId === undefined ? undefined : await readSaga(orderId);
  const [payment] =
    orderId === undefined
      ? []
      : await queryServiceDb<{ status: string; amount_cents: string; currency: string }>(
          'payment-service',
          'SELECT status, amount_cents, currency FROM payments WHERE order_id = $1',
          [orderId],
        );
  return judgeParkedSaga({
    orderId,
    saga,
    payment:
      payment === undefined
        ? undefined
        : {
            status: payment.status,
            amountCents: Number(payment.amount_cents),
            currency: payment.currency,
          },
  });
};

const JSON_HEADERS = `-H "authorization: Bearer $OPERATOR" -H 'content-type: application/json'`;

export const LAB_05: Lab = {
  number: 5,
  slug: '05-checkout-saga',
  title: 'Saga: the refund that keeps failing',
  patternPage: '../patterns/05-checkout-saga.md',
  minutes: '25-40',
  youWillSee:
    'The checkout saga charges the card first and reserves the stock second, so when the stock ' +
    'is gone by then, it must undo the charge: a compensation. You will make that happen (an ' +
    'order accepted while inventory is stalled, for more than is left) while the card processor ' +
    'refuses every refund, and watch the saga retry the refund with pauses, give up and park ' +
    'the order for a person, with an alert. Then you mend the processor and retry the parked saga, ' +
    'as the person on call would.',
  watch: [
    '- The saga step by step: `npm run lab -- saga "$ORDER"` (GET /sagas/$ORDER on order-service,',
    '  with the operator token), or the journey in the console: http://127.0.0.1:8080/console.',
    '- Parked sagas: `curl -s "http://127.0.0.1:3001/sagas?state=COMPENSATION_FAILED" -H "authorization: Bearer $OPERATOR" | jq .`',
    '  and their notes on the queue `order.saga-parked`: `npm run dead-letters -- list order.saga-parked`.',
    '- Prometheus: `checkout_sagas{state="COMPENSATION_FAILED"}`, and the alert `CheckoutSagaParked`',
    '  (pending at once, firing after a minute) at http://127.0.0.1:9090/alerts.',
    '- The card processor\'s ledger for the order: `curl -s http://127.0.0.1:3007/admin/ledger/orders/$ORDER -H "authorization: Bearer $OPERATOR" | jq .`',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root, reset it and keep the operator token (the local development one) in the shell:',
    },
    { run: 'npm run lab -- reset' },
    { run: 'OPERATOR=local-development-only-operator-token' },
  ],
  breakIt: [
    {
      say: 'The card processor (payment-provider, a stand-in) now refuses every refund with a 503:',
    },
    {
      run: `curl -s -X PUT http://127.0.0.1:3007/admin/behaviour ${JSON_HEADERS} -d '{"refundErrorRate":1}'`,
    },
    {
      say: 'Leave one hoodie in stock. Then stall inventory-service, so order-service cannot check stock and prices from its replica, and order two: the order is accepted, the card charged, and the reservation fails once inventory answers again.',
    },
    {
      run: `curl -s -X PUT http://127.0.0.1:3002/products/${LAB_SCARCE_SKU}/stock ${JSON_HEADERS} -d '{"stock":1}'`,
    },
    { run: 'npm run stack -- freeze inventory-service' },
    {
      run: [
        guestSessionCommand(),
        `ORDER=$(${orderCurl(`[{"sku":"${LAB_SCARCE_SKU}","quantity":2}]`, 'lab5')} | jq -r .orderId)`,
        'echo "order $ORDER"',
      ].join('\n'),
    },
    { run: 'npm run stack -- thaw inventory-service' },
    {
      say: 'Watch the saga: charged, reservation failed, then the refund, failing, retried after 1 s, 5 s and 25 s, and parked (about 35 s in all):',
    },
    { run: 'npm run lab -- saga "$ORDER" --until COMPENSATION_FAILED' },
    { run: 'npm run lab -- check 5', expect: 'fail' },
  ],
  questions: [
    'Why does the saga charge before it reserves? What would change if it reserved first?',
    'The refund was retried three times with growing pauses, then parked. Why not retry forever?',
    'While the saga is parked, what does the customer see on their order, and what does the shop owe them?',
    'A person retries the parked saga. Why is it safe to retry a refund that may have reached the card processor the first time?',
  ],
  fix: [
    { say: 'Mend the card processor (back to its defaults: no latency, no failures):' },
    {
      run: 'curl -s -X DELETE http://127.0.0.1:3007/admin/behaviour -H "authorization: Bearer $OPERATOR"',
    },
    { say: 'And do what the person on call does for a parked saga: retry it.' },
    {
      run: 'curl -s -X POST "http://127.0.0.1:3001/sagas/$ORDER/retry" -H "authorization: Bearer $OPERATOR" | jq -c .',
    },
    { run: 'npm run lab -- saga "$ORDER" --until CANCELLED' },
    { run: 'npm run lab -- check 5', expect: 'pass' },
    { say: 'Put the hoodies back:' },
    {
      run: `curl -s -X PUT http://127.0.0.1:3002/products/${LAB_SCARCE_SKU}/stock ${JSON_HEADERS} -d '{"stock":100}'`,
    },
  ],
  answers: [
    'Charging first keeps stock from being held for customers whose card is then declined, the common failure; the price is a refund when stock runs out after the charge, the rarer one. Reserving first would make the compensation a stock release, which cannot fail the way a refund can, but would hold stock for unpaid orders.',
    'A refund that fails for minutes is a problem a machine cannot solve (a processor down, a closed card): retrying forever hides it and hammers the processor. Parking stops, records why, raises an alert and leaves the decision to a person.',
    'The order stays PENDING until the compensation finishes, then CANCELLED; meanwhile the customer has been charged for an order that will not come: the shop owes them the refund, and the nightly reconciliation reports it (`unrefunded_charge`) if nobody acts.',
    'It cannot refund twice: payment-service sends the refund with an Idempotency-Key, and the processor keeps one refund per key, answering a repeat with the first refund. So a retry after an unknown outcome (a timeout: did it get there?) is safe, which is what makes retrying by hand, or by machine, sound.',
  ],
  grade: () => probeLatestOrder(),
};
