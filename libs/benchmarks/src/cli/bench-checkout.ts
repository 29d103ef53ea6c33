// Benchmark of pattern 5 end to end: orders per second through the whole checkout saga (POST
// /orders, charge, reserve, confirm) and the latency from POST sent to CONFIRMED committed, with
// all four processes and the servers on this machine; then the same load on the DBOS peer
// (libs/benchmarks/src/dbos-peer) in the same run, and both side by side. Prints figures;
// asserts nothing.
// Usage: npm run bench:checkout   (BENCH_RATE, BENCH_SECONDS, BENCH_SKUS, BENCH_MAX_IN_FLIGHT,
// BENCH_WARM_UP_SECONDS, BENCH_SETTLE_SECONDS, BENCH_CUSTOMERS to change it; BENCH_PEER=none
// skips the peer; BENCH_CPU_PROF=<dir> writes each app's V8 CPU profile there when it stops)
import { availableParallelism, loadavg } from 'node:os';
import { SERVICES } from '@pattern-shop/contracts';
import { guestSessionPool, infra } from '@pattern-shop/testing';
import { readOutcomes, waitUntilFinal } from '../checkout/checkout-outcomes.js';
import {
  benchSkus,
  prepareBenchProduct,
  startCheckoutApps,
  stopApps,
} from '../checkout/checkout-processes.js';
import { waitUntilQuiet } from '../checkout/checkout-quiescence.js';
import { COUNTERS_SETTLE_MS, workPerOrderLine, workSnapshot } from '../checkout/work-per-order.js';
import {
  type CheckoutFigures,
  cpuMsPerConfirmedOrder,
  printSideBySide,
} from '../checkout/checkout-cost.js';
import { printCheckoutReport } from '../checkout/checkout-report.js';
import { coresUsed, cpuSnapshot } from '../checkout/cpu-usage.js';
import { type OpenLoopRun, runOpenLoop } from '../checkout/open-loop-orders.js';
import { measurePeerCheckout } from '../dbos-peer/peer-bench.js';

const RATE = Number(process.env['BENCH_RATE'] ?? 500);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 20);
const MAX_IN_FLIGHT = Number(process.env['BENCH_MAX_IN_FLIGHT'] ?? 256);
const SKUS = benchSkus(Number(process.env['BENCH_SKUS'] ?? 1));
const WARM_UP_SECONDS = Number(process.env['BENCH_WARM_UP_SECONDS'] ?? 5);
const SETTLE_MS = Number(process.env['BENCH_SETTLE_SECONDS'] ?? 90) * 1_000;
/** The guest customers the load orders as, made before it starts (POST /sessions/guest). */
const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 200);
const PEER = process.env['BENCH_PEER'] ?? 'dbos';
const CPU_PROF = process.env['BENCH_CPU_PROF'];
if (PEER !== 'dbos' && PEER !== 'none')
  throw new Error(`BENCH_PEER must be dbos or none, not ${PEER}`);
/** Our stack's processes; the bench client and the rest of the machine are reported apart. */
const OUR_STACK = [
  'order-service',
  'inventory-service',
  'payment-service',
  'payment-provider',
  'postgres',
  'rabbitmq',
  'kafka',
];

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const printCpuPerOrder = ({ cpuMsPerOrder, totalCpuMsPerOrder }: CheckoutFigures) =>
  console.log(
    `CPU ms per confirmed order: total ${totalCpuMsPerOrder.toFixed(1)} (` +
      cpuMsPerOrder.map(([group, ms]) => `${group} ${ms.toFixed(1)}`).join(', ') +
      ')',
  );

const acceptedIds = (run: OpenLoopRun): string[] =>
  run.orders.flatMap((order) => (order.orderId === undefined ? [] : [order.orderId]));

console.log(
  `checkout benchmark: ${RATE} orders/s for ${SECONDS} s over ${SKUS.length} SKU(s), at most ${MAX_IN_FLIGHT} POSTs in flight`,
);
await infra('up', 'postgres', 'rabbitmq', 'kafka');
console.log(`load average at the start: ${load()}`);
const apps = await startCheckoutApps(
  CPU_PROF === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, '--cpu-prof-interval=200'],
);
const provider = apps.find((app) => app.name === 'payment-provider');
const placed: string[] = [];
try {
  let customers: Awaited<ReturnType<typeof guestSessionPool>> = [];
  let ours: CheckoutFigures | undefined;
  try {
    // Stock for every order with room to spare, so none is cancelled for want of it.
    for (const sku of SKUS) await prepareBenchProduct(sku, Math.max(100_000, RATE * SECONDS * 2));
    const baseUrl = `http://127.0.0.1:${SERVICES['order-service'].port}`;
    customers = await guestSessionPool(baseUrl, CUSTOMERS, (made, of) =>
      process.stderr.write(`  guest customers: ${made}/${of}\n`),
    );
    const drive = (ratePerSecond: number, seconds: number) =>
      runOpenLoop({
        baseUrl,
        skus: SKUS,
        customers,
        ratePerSecond,
        seconds,
        maxInFlight: MAX_IN_FLIGHT,
        lateAfterMs: 10,
      });
    // A fresh process runs cold (JIT, connection pools): warm the whole path up, outside the figures.
    const warmUp = await drive(Math.min(RATE, 100), WARM_UP_SECONDS);
    placed.push(...acceptedIds(warmUp));
    await waitUntilFinal(acceptedIds(warmUp), SETTLE_MS);
    const labels = new Map(apps.map((app): [number, string] => [app.pid ?? -1, app.name]));
    labels.set(process.pid, 'bench client');
    const before = cpuSnapshot(labels);
    const workBefore = await workSnapshot();
    const run = await drive(RATE, SECONDS);
    const orderIds = acceptedIds(run);
    placed.push(...orderIds);
    process.stderr.write(`  sent ${run.orders.length} POSTs; waiting for the sagas to finish\n`);
    await waitUntilFinal(orderIds, SETTLE_MS);
    const after = cpuSnapshot(labels);
    const summary = printCheckoutReport(RATE, SECONDS, run, await readOutcomes(orderIds));
    const cpu = coresUsed(before, after).filter(([, cores]) => cores >= 0.01);
    console.log(
      `CPU, cores busy from first POST until all final (of ${availableParallelism()}): ` +
        cpu.map(([group, cores]) => `${group} ${cores.toFixed(2)}`).join(', '),
    );
    const cost = cpuMsPerConfirmedOrder(before, after, summary.confirmed, OUR_STACK);
    ours = {
      label: 'ours',
      ...summary,
      cpuMsPerOrder: cost.perGroup,
      totalCpuMsPerOrder: cost.total,
    };
    printCpuPerOrder(ours);
    process.stderr.write(`  reading the servers' counters once they are current\n`);
    await new Promise((resolve) => setTimeout(resolve, COUNTERS_SETTLE_MS));
    console.log(workPerOrderLine(workBefore, await workSnapshot(), summary.confirmed));
  } finally {
    await waitUntilQuiet(placed, SETTLE_MS);
    // The peer needs only the provider; idle services would add their wake-ups to its figures.
    await stopApps(apps.filter((app) => app !== provider));
  }
  if (PEER === 'dbos' && ours !== undefined) {
    console.log('\nthe same checkout as one DBOS workflow per order (BENCH_PEER=none skips it)');
    const peer = await measurePeerCheckout({
      rate: RATE,
      seconds: SECONDS,
      warmUpSeconds: WARM_UP_SECONDS,
      settleMs: SETTLE_MS,
      maxInFlight: MAX_IN_FLIGHT,
      skus: SKUS,
      customers,
      providerPid: provider?.pid,
    });
    printCpuPerOrder(peer);
    console.log(`\nside by side, one run (load average at the end: ${load()})`);
    printSideBySide(ours, peer);
  }
} finally {
  await stopApps(apps);
}
