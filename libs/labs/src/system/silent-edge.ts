import { setTimeout as delay } from 'node:timers/promises';
import {
  NO_WATCHDOG_MS,
  RealtimeWatchers,
  silentHop,
  WATCHER_PROXY,
} from '@pattern-shop/chaos-checker';
import { queryServiceDb, ToxiproxyClient, waitFor } from '@pattern-shop/testing';
import { labCustomers, placeOneOrder } from './load.js';
import { countsBetween, gatewayCounts, type GatewayCounts } from './gateway-counts.js';
import { PageDiary } from './page-diary.js';
import { statusOf } from './stack.js';
import { withSlowCardProcessor } from './slow-card-processor.js';

// Lab 6's probe: open pages on a hop that goes silent, as the chaos scenario silent-edge does.

export type PageOutcome = Readonly<{
  page: number;
  orderId: string;
  /** The order's status at order-service, the truth. */
  truth: string | undefined;
  /** What the page shows for it. */
  shown: string | undefined;
  /** How many of its connections ended once the hop went silent. */
  drops: number;
  resubscribed: boolean;
}>;

export type SilentEdgeRun = Readonly<{
  heartbeats: boolean;
  silentMs: number;
  pages: readonly PageOutcome[];
  counted: GatewayCounts;
}>;

const FINAL = new Set(['CONFIRMED', 'CANCELLED']);
/** A page that never noticed the silence has nothing scheduled that could bring it back. */
const QUIET_AFTER_HEAL_MS = 1_000;
/** A connect attempt lost in the silence times out (5 s), then one more backoff, subscribe, refetch. */
const RECOVERY_AFTER_HEAL_MS = 15_000;

const truthOf = async (orderIds: readonly string[]): Promise<Map<string, string>> => {
  const rows = await queryServiceDb<{ id: string; status: string }>(
    'order-service',
    'SELECT id, status FROM orders WHERE id = ANY($1)',
    [orderIds],
  );
  return new Map(rows.map((row) => [row.id, row.status]));
};

/** Polls `done` until it holds or `ms` passed; whether it held. */
const until = async (
  ms: number,
  done: () => Promise<boolean> | boolean,
  intervalMs = 250,
): Promise<boolean> => {
  const deadline = performance.now() + ms;
  for (;;) {
    if (await done()) return true;
    if (performance.now() >= deadline) return false;
    await delay(intervalMs);
  }
};

/**
 * `pages` storefront pages follow one new order each through the lab's hop to realtime-gateway;
 * the hop goes silent (connections stay open) while the orders are decided, until every page
 * dropped its connection or the pages' window passed; then it passes data again and the pages get
 * time to catch up. The pages keep a watchdog only if the gateway sends heartbeats.
 */
export const runSilentEdge = async (
  pages: number,
  log: (line: string) => void,
): Promise<SilentEdgeRun> => {
  const gateway = await statusOf('realtime-gateway');
  if (gateway.state !== 'running')
    throw new Error(
      `realtime-gateway is ${gateway.state}: npm run stack -- restart realtime-gateway`,
    );
  const heartbeats = !gateway.weak.includes('no-heartbeat');
  const intervalMs = Number(gateway.settings['HEARTBEAT_INTERVAL_MS'] ?? 3_000);
  const windowMs = intervalMs + 1_000;
  log(
    heartbeats
      ? `realtime-gateway sends a heartbeat every ${intervalMs / 1000} s; each page drops a connection silent for ${windowMs / 1000} s`
      : 'realtime-gateway runs no-heartbeat: no heartbeat, socket.io pings an hour apart; the pages, written for it, keep no watchdog',
  );
  const toxiproxy = new ToxiproxyClient();
  const hop = silentHop(WATCHER_PROXY.name, 'silent push links');
  await toxiproxy.populate([WATCHER_PROXY]);
  for (const left of (await toxiproxy.proxy(WATCHER_PROXY.name)).toxics)
    await toxiproxy.removeToxic(WATCHER_PROXY.name, left.name); // an interrupted run's
  const before = await gatewayCounts();
  const sessions = await labCustomers(pages);
  const customers = sessions.map((session) => session.customerId);
  const diary = new PageDiary(customers, log);
  const watchers = await RealtimeWatchers.open(toxiproxy, {
    customers: sessions,
    heartbeatTimeoutMs: heartbeats ? windowMs : NO_WATCHDOG_MS,
    log,
    onEvent: (customer, event) => diary.record(customer, event),
  });
  try {
    return await withSlowCardProcessor(async () => {
      const placed = await Promise.all(sessions.map((session) => placeOneOrder(session)));
      const orderIds = placed.map((answer, i) => {
        if (answer.orderId === undefined) throw new Error(`POST /orders answered ${answer.status}`);
        watchers.follow(customers[i] ?? '', answer.orderId);
        return answer.orderId;
      });
      await waitFor('every page to show its new order', async () =>
        watchers.watched().every((w) => w.shown !== undefined) ? true : undefined,
      );
      diary.showing(watchers.watched());
      await hop.inject({ toxiproxy, log: diary.stamped });
      const silentAt = performance.now();
      diary.silenceFrom();
      const final = async () =>
        [...(await truthOf(orderIds)).values()].filter((s) => FINAL.has(s)).length === pages;
      await until(10_000, final); // the card processor takes 1.5 s; a stalled saga is no lab of ours
      // Healed the moment the last page noticed, or half a second after its window at the latest.
      const left = silentAt + windowMs + 500 - performance.now();
      await until(left, () => diary.allDropped(), 20);
      await hop.heal({ toxiproxy, log: diary.stamped });
      const silentMs = performance.now() - silentAt;
      const caughtUp = async () => {
        const truth = await truthOf(orderIds);
        return watchers.watched().every((w) => w.shown === truth.get(w.orderId));
      };
      await until(diary.anyDropped() ? RECOVERY_AFTER_HEAL_MS : QUIET_AFTER_HEAL_MS, caughtUp);
      const truth = await truthOf(orderIds);
      const outcomes = watchers.watched().map((w) => ({
        page: customers.indexOf(w.watcher) + 1,
        orderId: w.orderId,
        truth: truth.get(w.orderId),
        shown: w.shown,
        ...diary.of(w.watcher),
      }));
      return {
        heartbeats,
        silentMs,
        pages: outcomes,
        counted: countsBetween(before, await gatewayCounts()),
      };
    });
  } finally {
    diary.end();
    watchers.close();
    for (const stream of ['downstream', 'upstream'])
      await toxiproxy.removeToxic(WATCHER_PROXY.name, `chaos-lab-${stream}`).catch(() => undefined);
  }
};
