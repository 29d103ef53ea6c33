import { failed, type Grade, type Lab, passed } from '../lab.js';
import {
  type Answer,
  describeAnswers,
  labCustomers,
  percentile,
  placeOrders,
} from '../system/load.js';
import { readSample } from '../system/metrics.js';
import { statusOf, withFrozen } from '../system/stack.js';

/** What the check saw while it held inventory-service frozen. */
export type StalledInventoryProbe = Readonly<{
  answers: readonly Answer[];
  /** Calls order-service's breaker answered itself during the probe, without asking inventory. */
  shortCircuited: number;
  weak: readonly string[];
  settings: Readonly<Record<string, string>>;
}>;

/** A slow answer is one a customer notices; the resilient call answers in a few hundred ms. */
export const SLOW_P99_MS = 1_000;

export const judgeStalledInventory = (probe: StalledInventoryProbe): Grade => {
  const { answers, shortCircuited } = probe;
  const p99 = Math.round(
    percentile(
      answers.map((a) => a.ms),
      99,
    ),
  );
  const switches = [
    ...probe.weak.map((w) => `weak ${w}`),
    ...Object.entries(probe.settings).map(([k, v]) => `${k}=${v}`),
  ];
  const figures = [
    `with inventory-service frozen: ${describeAnswers(answers)}`,
    `calls order-service's breaker short-circuited: ${shortCircuited}`,
    `order-service runs with: ${switches.length === 0 ? 'its defaults' : switches.join(', ')}`,
  ];
  const refused = answers.filter((a) => a.status !== 202).length;
  const reasons: string[] = [];
  if (refused > 0)
    reasons.push(
      `${refused} of ${answers.length} orders were not accepted: order placement went down with inventory`,
    );
  if (p99 > SLOW_P99_MS)
    reasons.push(
      `POST /orders took ${p99} ms at p99 (over ${SLOW_P99_MS} ms): each order waited on the stalled inventory`,
    );
  if (shortCircuited === 0)
    reasons.push(
      "order-service's breaker never opened: every order still called the stalled inventory",
    );
  if (reasons.length > 0) return failed(figures, reasons);
  const replica = answers.filter((a) => a.availabilityChecked === false).length;
  return passed(figures, [
    `inventory stalled, yet all ${answers.length} orders were accepted (p99 ${p99} ms), ${replica} priced from the replica, and the breaker answered ${shortCircuited} calls without waiting`,
  ]);
};

const probeStalledInventory = async (log: (line: string) => void): Promise<Grade> => {
  const orders = await statusOf('order-service');
  const shortCircuited = () =>
    readSample('order-service', 'circuit_breaker_calls_total', {
      target: 'inventory-service',
      result: 'short_circuited',
    });
  // Made before the freeze: a guest session is order-service's alone, but the check times orders only.
  const customers = await labCustomers(5);
  return withFrozen('inventory-service', async () => {
    const before = await shortCircuited();
    log('inventory-service is frozen for the check; placing 20 orders at 10 a second...');
    const answers = await placeOrders({
      rate: 10,
      seconds: 2,
      customers,
      timeoutMs: 10_000,
    });
    return judgeStalledInventory({
      answers,
      shortCircuited: (await shortCircuited()) - before,
      weak: orders.weak,
      settings: orders.settings,
    });
  });
};

const load = 'npm run lab -- load --rate 5 --seconds 5';

export const LAB_01: Lab = {
  number: 1,
  slug: '01-request-response',
  title: 'Request-response: a slow inventory takes order placement down with it',
  patternPage: '../patterns/01-request-response.md',
  minutes: '20-30',
  youWillSee:
    'Every `POST /orders` asks inventory-service, synchronously, for live prices and stock. ' +
    'You will make inventory-service stall (alive, connected, never answering) while order-service ' +
    'calls it the naive way, without a breaker and with a timeout so long it is none, and watch ' +
    'order placement slow down to the stalled call. Then you put the timeout and the circuit ' +
    "breaker back and watch orders flow again, priced from order-service's own replica of the " +
    'catalogue, while inventory is still frozen.',
  watch: [
    '- The load command prints, every second, the answers and their latency (p50, p99) and how',
    '  many orders were priced from the replica (`availabilityChecked: false` in the answer).',
    "- order-service's breaker: `curl -s http://127.0.0.1:3001/metrics | grep '^circuit_breaker'`",
    '  (state 0 closed, 1 half-open, 2 open; `calls_total` by result: `timeout`, `short_circuited`).',
    '- Prometheus (http://127.0.0.1:9090): `circuit_breaker_state{target="inventory-service"}` and',
    '  `sum by (result) (rate(circuit_breaker_calls_total{target="inventory-service"}[1m]))`;',
    '  the alert `CircuitBreakerOpen` at http://127.0.0.1:9090/alerts.',
    '- The console at http://127.0.0.1:8080/console: the lane "Requests and breakers" shows the breaker state.',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in a terminal of its own and leave it running: `./bin/run`. In a second terminal, at the repository root, bring the stack to a known state and place a few orders at a gentle rate:',
    },
    { run: 'npm run lab -- reset' },
    { run: load },
    {
      say: 'Every order is accepted within tens of milliseconds, and none is priced from the replica: inventory answered each call.',
    },
  ],
  breakIt: [
    {
      say: "Give order-service the naive call: no circuit breaker, and a timeout (3.5 s) just under the request's own deadline, so in effect no timeout.",
    },
    {
      run: 'npm run stack -- restart order-service --weak no-breaker --set INVENTORY_TIMEOUT_MS=3500',
    },
    {
      say: 'Now stall inventory-service. `freeze` sends it SIGSTOP: its sockets stay open, the kernel still accepts connections, nothing answers. That is a long GC pause, a full disk or a deadlock, and it is worse than a crash, which would be refused at once.',
    },
    { run: 'npm run stack -- freeze inventory-service' },
    { run: load },
    {
      say: "Each order now takes as long as the timeout. At five orders a second, about twenty requests wait at once; at a higher rate they reach order-service's cap on requests in flight and customers get 503. Ask the grader:",
    },
    { run: 'npm run lab -- check 1', expect: 'fail' },
  ],
  questions: [
    'Inventory is frozen, not down. Why is a stalled dependency worse for the caller than one that refuses connections?',
    'With no breaker, how many requests wait on inventory at once at 5 orders a second and a 3.5 s timeout? What happens at 20 a second?',
    'After the fix, orders are priced from a replica. What could be wrong with that price, and why does the shop accept the risk (see the pattern page)?',
    'The breaker opens after some failures and tries again later (half-open). What would go wrong if it never tried again?',
  ],
  fix: [
    {
      say: 'Restart order-service with its defaults: a 300 ms timeout and the circuit breaker (docs/patterns/01-request-response.md). Inventory stays frozen.',
    },
    { run: 'npm run stack -- restart order-service' },
    { run: load },
    {
      say: 'The first calls time out after 300 ms, the breaker opens, and from then on orders are answered in milliseconds, priced from the replica. Grade it, then let inventory answer again:',
    },
    { run: 'npm run lab -- check 1', expect: 'pass' },
    { run: 'npm run stack -- thaw inventory-service' },
    {
      say: "Within the breaker's reset time (5 s) a trial call goes through, the breaker closes, and orders are priced live again.",
    },
  ],
  answers: [
    "A refused connection fails in a millisecond and the caller moves on. A stalled one holds the caller's request, socket and memory until the caller's own timeout; without one, forever. Stalls are what take callers down.",
    "Little's law: in flight = rate x time = 5/s x 3.5 s, about 17 requests. At 20/s it is 70, over order-service's cap of 40 (ORDER_MAX_REQUESTS_IN_FLIGHT): the rest are shed with 503.",
    'The replica can be stale: a price changed since the last ProductPriceChanged fact reached it, and stock is not checked at all. The saga reserves the stock later and cancels the order if there is none: the shop trades a rare cancellation, and a price a few seconds old, for staying open.',
    'It would stay open: orders would be priced from the replica forever, even after inventory recovered, and nobody would notice stale prices. Half-open lets one trial through to find out.',
  ],
  grade: probeStalledInventory,
};
