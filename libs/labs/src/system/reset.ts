import {
  queryServiceDb,
  queueDepths,
  sendStackCommand,
  ToxiproxyClient,
  waitFor,
} from '@pattern-shop/testing';
import { appUrl, LAB_STOCK, OPERATOR } from './addresses.js';
import { stackStatus } from './stack.js';

const ok = async (what: string, response: Promise<Response>): Promise<void> => {
  const answer = await response;
  if (!answer.ok) throw new Error(`${what}: ${answer.status} ${await answer.text()}`);
};

/**
 * Back to a known state between labs: every app running with ./bin/run's defaults, the card
 * processor well-behaved, no fault on any hop, the lab's product in stock. What earlier runs
 * left (dead letters, parked sagas) is reported with the command that deals with it, not erased:
 * it is evidence a facilitator may want to show.
 */
export const resetStack = async (log: (line: string) => void): Promise<void> => {
  for (const app of (await stackStatus()).apps) {
    const custom = app.weak.length > 0 || Object.keys(app.settings).length > 0;
    if (app.state === 'frozen') {
      await sendStackCommand({ action: 'thaw', app: app.app });
      log(`${app.app}: thawed`);
    }
    if (custom || app.state === 'stopped' || app.state === 'exited') {
      await sendStackCommand({ action: 'restart', app: app.app });
      log(`${app.app}: restarted with its defaults`);
    }
  }
  log('every app runs with its defaults');

  if ((await stackStatus()).apps.some((a) => a.app === 'payment-provider')) {
    await ok(
      'DELETE payment-provider /admin/behaviour',
      fetch(`${appUrl('payment-provider')}/admin/behaviour`, {
        method: 'DELETE',
        headers: OPERATOR,
      }),
    );
    log('payment-provider: no latency, no declines, no failures');
  }
  const toxiproxy = new ToxiproxyClient();
  if (
    await toxiproxy.version().then(
      () => true,
      () => false,
    )
  ) {
    await toxiproxy.reset();
    log('toxiproxy: every proxy enabled, no toxic left');
  }
  if ((await stackStatus()).apps.some((a) => a.app === 'inventory-service')) {
    for (const [sku, stock] of Object.entries(LAB_STOCK)) {
      await ok(
        `PUT inventory /products/${sku}/stock`,
        fetch(`${appUrl('inventory-service')}/products/${sku}/stock`, {
          method: 'PUT',
          headers: { ...OPERATOR, 'content-type': 'application/json' },
          body: JSON.stringify({ stock }),
        }),
      );
      log(`inventory: ${sku} restocked to ${stock}`);
    }
  }

  if ((await stackStatus()).apps.some((a) => a.app === 'order-service')) {
    // A lab's grader counts what happens to its own orders; checkouts still running from the
    // last lab would be counted with them.
    const inFlight = async () => {
      const [row] = await queryServiceDb<{ n: number }>(
        'order-service',
        `SELECT count(*)::int AS n FROM checkout_sagas
          WHERE status IN ('CHARGING', 'VOIDING', 'RESERVING', 'REFUNDING')`,
      );
      return row?.n ?? 0;
    };
    let shown = -1;
    await waitFor(
      'the checkouts in flight to finish (is payment-service or inventory-service down?)',
      async () => {
        const n = await inFlight();
        if (n !== shown && n > 0) log(`waiting for ${n} checkout(s) in flight to finish...`);
        shown = n;
        return n === 0 ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    log('no checkout in flight');
  }

  const letters = Object.entries(await queueDepths()).filter(
    ([queue, depth]) => (queue.endsWith('.dlq') || queue === 'order.saga-parked') && depth > 0,
  );
  for (const [queue, depth] of letters)
    log(`left from earlier: ${depth} in ${queue} (npm run dead-letters -- list ${queue})`);
  if (letters.length === 0) log('no dead letters');
};
