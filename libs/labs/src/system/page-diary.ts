import type { ConnectionEvent } from '@pattern-shop/realtime-client';

type Watched = Readonly<{ watcher: string; orderId: string; shown: string | undefined }>;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a page's connection event means to the person looking at the page; undefined: noise. */
const describe = (event: ConnectionEvent): string | undefined => {
  switch (event.type) {
    case 'heartbeat-missed':
      return `no heartbeat for ${secs(event.silentMs)}: the connection counts as dead`;
    case 'disconnected':
      return `connection ended (${event.reason})`;
    case 'reconnect-scheduled':
      return `reconnecting in ${secs(event.delayMs)} (attempt ${event.attempt})`;
    case 'connected':
      return 'connected';
    case 'subscribed':
      return 'subscribed to its orders again; refetching them from order-service';
    case 'refused':
      return `refused: ${event.error.code} ${event.error.message}`;
    case 'refetch-failed':
      return `refetch of ${event.orderId} failed: ${event.reason}`;
    default:
      return undefined;
  }
};

/**
 * Lab 6's log of its pages: each page's connection events as they happen, stamped from the
 * start, and what the probe needs to know of them (who dropped, who came back).
 */
export class PageDiary {
  private readonly started = performance.now();
  private silent = false;
  /** Closing the pages ends their connections too: not news. */
  private over = false;
  private readonly drops = new Map<string, number>();
  private readonly subscriptions = new Map<string, number>();

  constructor(
    private readonly customers: readonly string[],
    private readonly log: (line: string) => void,
  ) {}

  readonly stamped = (line: string): void =>
    this.log(`+${secs(performance.now() - this.started).padStart(6)}  ${line}`);

  private pageOf(customer: string): string {
    return `page ${this.customers.indexOf(customer) + 1}`;
  }

  record(customer: string, event: ConnectionEvent): void {
    if (this.over) return;
    if (event.type === 'subscribed')
      this.subscriptions.set(customer, (this.subscriptions.get(customer) ?? 0) + 1);
    if (event.type === 'disconnected' && this.silent)
      this.drops.set(customer, (this.drops.get(customer) ?? 0) + 1);
    const said = describe(event);
    // The first subscription is the page opening, before anything happened.
    if (said === undefined || !this.silent) return;
    this.stamped(`${this.pageOf(customer)}: ${said}`);
  }

  showing(watched: readonly Watched[]): void {
    for (const w of watched)
      this.stamped(`${this.pageOf(w.watcher)}: order ${w.orderId} shows ${w.shown ?? 'nothing'}`);
  }

  silenceFrom(): void {
    this.silent = true;
  }

  end(): void {
    this.over = true;
  }

  allDropped(): boolean {
    return this.customers.every((c) => (this.drops.get(c) ?? 0) > 0);
  }

  anyDropped(): boolean {
    return this.customers.some((c) => (this.drops.get(c) ?? 0) > 0);
  }

  of(customer: string): Readonly<{ drops: number; resubscribed: boolean }> {
    return {
      drops: this.drops.get(customer) ?? 0,
      resubscribed: (this.subscriptions.get(customer) ?? 0) > 1,
    };
  }
}
