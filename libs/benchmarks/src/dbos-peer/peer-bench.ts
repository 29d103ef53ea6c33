import type { CustomerSession } from '@pattern-shop/testing';
import { type CheckoutFigures, cpuMsPerConfirmedOrder } from '../checkout/checkout-cost.js';
import { printCheckoutReport } from '../checkout/checkout-report.js';
import { cpuSnapshot } from '../checkout/cpu-usage.js';
import { type OpenLoopRun, runOpenLoop } from '../checkout/open-loop-orders.js';
import { readPeerOutcomes, waitUntilPeerFinal } from './peer-outcomes.js';
import { PEER_DATABASE_URL, PeerProcess } from './peer-process.js';
import { resetPeerSchemas, setPeerStock } from './peer-schema.js';

const PEER = { port: 3090, schema: 'checkout_peer', dbosSchema: 'checkout_peer_dbos' } as const;
/** The peer's processes: itself, the provider it charges through, and PostgreSQL. */
export const PEER_STACK = ['dbos-peer', 'payment-provider', 'postgres'] as const;

export type PeerBenchOptions = Readonly<{
  rate: number;
  seconds: number;
  warmUpSeconds: number;
  settleMs: number;
  maxInFlight: number;
  skus: readonly string[];
  customers: readonly CustomerSession[];
  /** The payment-provider the bench started for ours, reused by the peer. */
  providerPid: number | undefined;
}>;

const acceptedIds = (run: OpenLoopRun): string[] =>
  run.orders.flatMap((order) => (order.orderId === undefined ? [] : [order.orderId]));

/**
 * The same open-loop load as ours against the DBOS peer, on fresh schemas with stock to spare:
 * warm-up first, then the measured run; the peer stops before this returns.
 */
export const measurePeerCheckout = async (options: PeerBenchOptions): Promise<CheckoutFigures> => {
  const { rate, seconds, skus, settleMs } = options;
  await resetPeerSchemas(PEER_DATABASE_URL, PEER.schema, PEER.dbosSchema);
  const available = Math.max(100_000, rate * seconds * 2);
  for (const sku of skus) {
    await setPeerStock(PEER_DATABASE_URL, PEER.schema, { sku, priceCents: 100, available });
  }
  const peer = PeerProcess.start(PEER);
  try {
    await peer.waitUntilReady();
    const drive = (ratePerSecond: number, forSeconds: number) =>
      runOpenLoop({
        baseUrl: peer.baseUrl,
        skus,
        customers: options.customers,
        ratePerSecond,
        seconds: forSeconds,
        maxInFlight: options.maxInFlight,
        lateAfterMs: 10,
      });
    const warmUp = await drive(Math.min(rate, 100), options.warmUpSeconds);
    await waitUntilPeerFinal(PEER.schema, acceptedIds(warmUp), settleMs);
    const labels = new Map<number, string>([
      [peer.pid ?? -1, 'dbos-peer'],
      [options.providerPid ?? -1, 'payment-provider'],
      [process.pid, 'bench client'],
    ]);
    const before = cpuSnapshot(labels);
    const run = await drive(rate, seconds);
    const orderIds = acceptedIds(run);
    process.stderr.write(`  peer: sent ${run.orders.length} POSTs; waiting for the workflows\n`);
    await waitUntilPeerFinal(PEER.schema, orderIds, settleMs);
    const after = cpuSnapshot(labels);
    const summary = printCheckoutReport(
      rate,
      seconds,
      run,
      await readPeerOutcomes(PEER.schema, orderIds),
    );
    const cost = cpuMsPerConfirmedOrder(before, after, summary.confirmed, PEER_STACK);
    return {
      label: 'dbos peer',
      ...summary,
      cpuMsPerOrder: cost.perGroup,
      totalCpuMsPerOrder: cost.total,
    };
  } finally {
    await peer.stop();
  }
};
