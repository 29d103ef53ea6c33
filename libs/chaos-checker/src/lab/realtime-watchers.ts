import { setTimeout as delay } from 'node:timers/promises';
import { SERVICES } from '@pattern-shop/contracts';
import {
  type ConnectionEvent,
  connectOrderStatus,
  type OrderStatusClient,
} from '@pattern-shop/realtime-client';
import { type CustomerSession, type ToxiproxyClient, waitFor } from '@pattern-shop/testing';
import type { OrderRecord, WatchedOrder } from '../invariants/snapshot.js';
import { staleWatchedOrders } from '../invariants/watchers.rules.js';

/** Counted with the drops, apart: a refetch that failed (order-service busy), not a connection. */
const REFETCH_FAILED = 'refetch failed';

/**
 * The lab's own hop, from the customers' pages to realtime-gateway: the apps' hops are
 * `<app>.<target>` on 2<app digit>xxx, so the world outside the seven apps takes digit 0.
 */
export const WATCHER_PROXY = {
  name: 'browsers.realtime-gateway',
  listen: '127.0.0.1:20006',
  upstream: `127.0.0.1:${SERVICES['realtime-gateway'].port}`,
} as const;

/** The longest a Node timer holds: a watchdog that never fires within a run. */
export const NO_WATCHDOG_MS = 2 ** 31 - 1;

export type WatcherSettings = Readonly<{
  /** The customers whose pages are open, with the tokens their sessions handed out. */
  customers: readonly CustomerSession[];
  /** The client's watchdog window, or NO_WATCHDOG_MS for the weak variant's pages. */
  heartbeatTimeoutMs: number;
  log: (event: string) => void;
  /** Each page's connection events, for a caller that shows them as they happen (workshop lab 6). */
  onEvent?: (watcher: string, event: ConnectionEvent) => void;
}>;

type Page = Readonly<{
  client: OrderStatusClient;
  orderIds: Set<string>;
  /** How its connections ended (`heartbeat missed`, `ping timeout`, ...), and how often. */
  drops: Map<string, number>;
  subscriptions: { count: number };
}>;

/**
 * One open storefront page per customer of the load, connected (connectOrderStatus) before the
 * customer orders, as a browser would be, through the lab's own proxy; each follows the orders
 * its customer is told about (202). The customer token covers every order of that customer.
 */
export class RealtimeWatchers {
  private constructor(private readonly pages: ReadonlyMap<string, Page>) {}

  static async open(toxiproxy: ToxiproxyClient, settings: WatcherSettings) {
    await toxiproxy.populate([WATCHER_PROXY]);
    const pages = new Map<string, Page>();
    let back = 0;
    // A page subscribed a second time came back after losing its connection.
    const cameBack = () => {
      back += 1;
      if (back === pages.size) settings.log(`all ${back} watchers back, subscribed again`);
    };
    for (const { customerId, token } of settings.customers) {
      const drops = new Map<string, number>();
      const subscriptions = { count: 0 };
      const client = connectOrderStatus({
        url: `http://${WATCHER_PROXY.listen}`,
        orderServiceUrl: `http://127.0.0.1:${SERVICES['order-service'].port}`,
        token,
        heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
        backoff: { baseMs: 500, maxMs: 4_000 },
        onStatus: () => undefined,
        onEvent: (event) => {
          settings.onEvent?.(customerId, event);
          if (event.type === 'subscribed') subscriptions.count += 1;
          if (event.type === 'subscribed' && subscriptions.count === 2) cameBack();
          if (event.type === 'disconnected')
            drops.set(event.reason, (drops.get(event.reason) ?? 0) + 1);
          if (event.type === 'refetch-failed')
            drops.set(REFETCH_FAILED, (drops.get(REFETCH_FAILED) ?? 0) + 1);
        },
      });
      pages.set(customerId, { client, orderIds: new Set(), drops, subscriptions });
    }
    const all = [...pages.values()];
    await waitFor(`${pages.size} watchers connected`, async () =>
      all.every((page) => page.subscriptions.count > 0) ? true : undefined,
    ).catch((error: unknown) => {
      all.forEach((page) => page.client.close()); // or they would go on reconnecting
      throw error;
    });
    settings.log(`${pages.size} realtime watchers connected through ${WATCHER_PROXY.name}`);
    return new RealtimeWatchers(pages);
  }

  /** The customer was told about the order (202): its page follows it from now on. */
  follow(customerId: string, orderId: string | undefined): void {
    const page = this.pages.get(customerId);
    if (page === undefined || orderId === undefined || page.orderIds.has(orderId)) return;
    page.orderIds.add(orderId);
    // On a dead link the subscribe is never answered; the refetch after a reconnect makes it good.
    page.client.follow(orderId).catch(() => undefined);
  }

  watched(): WatchedOrder[] {
    return [...this.pages].flatMap(([watcher, page]) =>
      [...page.orderIds].map((orderId) => ({
        watcher,
        orderId,
        shown: page.client.statusOf(orderId)?.status,
      })),
    );
  }

  /** Waits (bounded) until every page shows its orders as order-service has them; how many don't. */
  async waitUntilCaughtUp(orders: readonly OrderRecord[], boundMs: number): Promise<number> {
    const until = performance.now() + boundMs;
    let stale = staleWatchedOrders(orders, this.watched()).length;
    while (stale > 0 && performance.now() < until) {
      await delay(500);
      stale = staleWatchedOrders(orders, this.watched()).length;
    }
    return stale;
  }

  /** How the pages went through the run, for its log: why connections ended, who came back. */
  summary(): string {
    const pages = [...this.pages.values()];
    const reasons = new Map<string, number>();
    for (const [reason, n] of pages.flatMap((page) => [...page.drops]))
      if (reason !== REFETCH_FAILED) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    const refetchesFailed = pages.reduce(
      (sum, page) => sum + (page.drops.get(REFETCH_FAILED) ?? 0),
      0,
    );
    const back = pages.filter((page) => page.subscriptions.count > 1).length;
    const ended = [...reasons].map(([reason, n]) => `${reason}: ${n}`).join(', ') || 'none';
    return `watchers: connections ended (${ended}); ${back} of ${pages.length} resubscribed; ${refetchesFailed} refetches failed (each tried again)`;
  }

  close(): void {
    for (const page of this.pages.values()) page.client.close();
  }
}
