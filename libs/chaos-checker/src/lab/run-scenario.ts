import { setTimeout as delay } from 'node:timers/promises';
import { SERVICES } from '@pattern-shop/contracts';
import { guestSessionPool, LOCAL_INFRA } from '@pattern-shop/testing';
import { checkInvariants } from '../invariants/check-invariants.js';
import { STRICT_POLICY } from '../invariants/snapshot.js';
import { runOrders, type Verdict } from '../invariants/verdict.js';
import { readCurrentStock } from '../readers/inventory.reader.js';
import { readSnapshot } from '../readers/read-snapshot.js';
import { runReconciliationJob } from '../readers/stack-access.js';
import { localAddresses } from '../readers/system-addresses.js';
import type { AlertRecord } from './alert-history.js';
import { alertVerdicts } from './alert-verdict.js';
import { AlertWatch } from './alert-watch.js';
import { type ClientRecord, ordersOfLoad, runCarefulClient } from './careful-client.js';
import { LabStack } from './lab-stack.js';
import { Progress } from './progress.js';
import type { RealtimeWatchers } from './realtime-watchers.js';
import { noServerErrors, waitUntilQuiet } from './run-checks.js';
import { watchersCaughtUp, watchersFor } from './scenario-watchers.js';
import { alertsOf, type Scenario } from './scenario.js';
import { checkRedelivery } from './stream-redelivery.js';

/** The catalogue's SKUs the load buys; restocked at the start so stock never runs out mid-run. */
const SKUS = ['MUG-001', 'TEE-002', 'CAP-004', 'PEN-008', 'BAG-009', 'STICK-006'];
/** The most guest customers a run orders as: its orders go round them, as a shop's customers would. */
const MAX_CUSTOMERS = 50;

export type RunSettings = Readonly<{
  rate: number;
  durationMs: number;
  seed: number;
  /** How long to wait after the load for every order to be final and every queue drained. */
  quiesceMs: number;
  /** Run the scenario's weak variant: the apps get its WEAK_MECHANISMS. */
  weak?: boolean;
  /** How soon an order must be final, in place of the scenario's bound (a shorter smoke run). */
  finalWithinMs?: number;
  /** After the checks, deliver the window's Kafka records again: projections must not change. */
  redeliver?: boolean;
  /** Where the alerts are read; infra/local's Prometheus unless a test brings its own. */
  prometheusUrl?: string;
  print: (line: string) => void;
}>;

export type TimelineEvent = Readonly<{ atMs: number; event: string }>;

export type RunResult = Readonly<{
  scenario: Scenario;
  settings: Omit<RunSettings, 'print'>;
  window: Readonly<{ from: string; to: string }>;
  timeline: readonly TimelineEvent[];
  client: readonly ClientRecord[];
  healedAtMs: number;
  quietAfterMs: number | undefined;
  injectedAtMs: number;
  alerts: AlertRecord;
  verdicts: readonly Verdict[];
}>;

/**
 * One scenario: start the apps on their proxies, put open-loop load on POST /orders, inject the
 * fault at a third of the load and heal it at two thirds, wait (bounded) until everything is
 * final and drained, run the nightly reconciliation over the window, then hold the system to
 * every invariant. Whatever happens, the fault is healed and the apps are stopped.
 */
export const runScenario = async (
  scenario: Scenario,
  settings: RunSettings,
): Promise<RunResult> => {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const timeline: TimelineEvent[] = [];
  const log = (event: string) => {
    timeline.push({ atMs: elapsed(), event });
    settings.print(`  ${(elapsed() / 1000).toFixed(1).padStart(6)} s  ${event}`);
  };
  const addresses = localAddresses();
  const stack = new LabStack(scenario, log, settings.weak === true);
  const alerts = new AlertWatch(elapsed, settings.prometheusUrl);
  let watchers: RealtimeWatchers | undefined;
  let healed = false;
  const heal = async () => {
    if (healed) return;
    healed = true;
    await scenario.fault
      .heal(stack.context)
      .catch((error: Error) => log(`heal failed: ${error.message}`));
  };
  const weak = settings.weak === true ? scenario.weak?.mechanisms : undefined;
  log(
    `starting the seven apps on their Toxiproxy hops${weak ? `, weak: ${JSON.stringify(weak)}` : ''}`,
  );
  try {
    await stack.start();
    await restock(SKUS.map((sku) => [sku, 100_000]));
    const hot = scenario.hotProduct;
    if (hot !== undefined) await restock([[hot.sku, hot.stock]]);
    await stack.context.providerBehaviour({});
    const initialStock = await readCurrentStock(addresses);
    const burst = hot && { atMs: settings.durationMs / 3, count: hot.buyers, sku: hot.sku };
    const orderServiceUrl = `http://127.0.0.1:${SERVICES['order-service'].port}`;
    const customers = await guestSessionPool(
      orderServiceUrl,
      Math.min(MAX_CUSTOMERS, ordersOfLoad({ ...settings, burst }).all),
      (made, size) => log(`guest customers: ${made}/${size}`),
    );
    watchers = await watchersFor(scenario, settings.weak === true, {
      toxiproxy: stack.toxiproxy,
      customers,
      log,
    });
    const from = new Date().toISOString();
    const loadStart = elapsed();
    const injectAt = settings.durationMs / 3;
    const healAt = (2 * settings.durationMs) / 3;
    let injectedAtMs = 0;
    let healedAtMs = 0;
    alerts.start();
    log(
      `load: ${settings.rate} orders/s for ${settings.durationMs / 1000} s (seed ${settings.seed})`,
    );
    const faultPhase = (async () => {
      await delay(injectAt);
      log(`inject: ${scenario.fault.describe}`);
      injectedAtMs = elapsed();
      await scenario.fault
        .inject(stack.context)
        .catch((error: Error) => log(`inject failed: ${error.message}`));
      await delay(Math.max(0, loadStart + healAt - elapsed()));
      log('heal');
      await heal();
      healedAtMs = elapsed();
    })();
    const progress = new Progress(log);
    const client = await runCarefulClient(
      {
        ordersUrl: `${orderServiceUrl}/orders`,
        rate: settings.rate,
        durationMs: settings.durationMs,
        seed: settings.seed,
        customers,
        skus: SKUS,
        phaseAt: (ms) => (ms < injectAt ? 'before' : ms < healAt ? 'fault' : 'after'),
        ...(burst && { burst }),
      },
      (attempt, customerId) => {
        progress.count(attempt);
        if (attempt.status === 202) watchers?.follow(customerId, attempt.orderId);
      },
    );
    progress.stop();
    await faultPhase;
    log('load done; waiting until every order is final and every queue drained');
    const customerIds = customers.map((customer) => customer.customerId);
    const scope = () => ({ from, to: new Date().toISOString(), customerIds });
    const quietAt = await waitUntilQuiet(
      () => readSnapshot(addresses, { scope: scope(), client, initialStock, now: new Date() }),
      settings.quiesceMs,
    );
    const quietAfterMs = quietAt === undefined ? undefined : elapsed() - healedAtMs;
    log(quietAt === undefined ? `not quiet after ${settings.quiesceMs / 1000} s` : 'quiet');
    // An alert clears an evaluation or a look-back window after its cause: part of quiescence.
    await alerts.waitUntilCleared(alertsOf(scenario), settings.quiesceMs);
    if (watchers !== undefined) await watchersCaughtUp(watchers, log, scope());
    const to = new Date().toISOString();
    log('running the nightly reconciliation over the run window');
    const job = await runReconciliationJob(from, to);
    if (job.code !== 0) log(`reconciliation exited ${job.code}: ${job.stderr.trim()}`);
    const snapshot = {
      ...(await readSnapshot(addresses, {
        scope: { from, to, customerIds },
        client,
        initialStock,
        now: new Date(),
      })),
      watchers: watchers?.watched(),
    };
    await alerts.stop();
    const alertRecord = alerts.record();
    const redelivery =
      settings.redeliver === true
        ? [
            await checkRedelivery(
              addresses,
              { from, to },
              runOrders(snapshot).map((o) => o.orderId),
              log,
            ),
          ]
        : [];
    return {
      scenario,
      settings: {
        weak: settings.weak === true,
        rate: settings.rate,
        durationMs: settings.durationMs,
        seed: settings.seed,
        quiesceMs: settings.quiesceMs,
        ...(settings.finalWithinMs !== undefined && { finalWithinMs: settings.finalWithinMs }),
        redeliver: settings.redeliver === true,
      },
      window: { from, to },
      timeline,
      client,
      injectedAtMs,
      healedAtMs,
      quietAfterMs,
      alerts: alertRecord,
      verdicts: [
        ...checkInvariants(snapshot, {
          // An order caught by the fault cannot end before the heal: the bound runs on past it.
          finalWithinMs: STRICT_POLICY.finalWithinMs + (healAt - injectAt),
          ...scenario.policy,
          ...(settings.weak === true ? scenario.weak?.policy : {}),
          ...(settings.finalWithinMs !== undefined && { finalWithinMs: settings.finalWithinMs }),
        }),
        noServerErrors(client),
        ...redelivery,
        ...alertVerdicts(alertsOf(scenario), alertRecord, { injectedAtMs, healedAtMs }),
      ],
    };
  } finally {
    watchers?.close();
    await alerts.stop();
    await heal();
    await stack.stop(async () => {
      await scenario.fault
        .cleanup?.(stack.context)
        .catch((error: Error) => log(`cleanup failed: ${error.message}`));
    });
    log('apps stopped, every hop restored');
  }
};

const restock = async (levels: ReadonlyArray<readonly [string, number]>) => {
  for (const [sku, stock] of levels) {
    const inventory = `http://127.0.0.1:${SERVICES['inventory-service'].port}`;
    const response = await fetch(`${inventory}/products/${sku}/stock`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${LOCAL_INFRA.operatorToken}`,
      },
      body: JSON.stringify({ stock }),
    });
    if (!response.ok) throw new Error(`could not restock ${sku}: ${response.status}`);
  }
};
