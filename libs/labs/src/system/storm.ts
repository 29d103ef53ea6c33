import { connectOrderStatus, type OrderStatusClient } from '@pattern-shop/realtime-client';
import { sendStackCommand, startGuestSession, waitFor } from '@pattern-shop/testing';
import { appUrl } from './addresses.js';
import { describeStorm, type StormGroup } from './storm-report.js';
import { statusOf } from './stack.js';

// Lab 6's reconnection storm: many pages on one gateway, which is restarted under them.

/** The pages' usual first wait; capped low so the storm is over in seconds. */
const BACKOFF = { baseMs: 500, maxMs: 2_000 } as const;

type Client = {
  client: OrderStatusClient | undefined;
  subscribed: number;
  /** Each reconnection attempt, in ms after the restart began. */
  attempts: number[];
  backAt: number | undefined;
};

/**
 * Opens `clients` pages without jitter and as many with full jitter, straight to realtime-gateway
 * on loopback; restarts it (kill -9, then its own settings again) through ./bin/run; prints when
 * each group's reconnection attempts came and when they were all back. Returns the two groups.
 */
export const reconnectionStorm = async (
  clients: number,
  log: (line: string) => void,
): Promise<readonly StormGroup[]> => {
  const gateway = await statusOf('realtime-gateway');
  if (gateway.state !== 'running')
    throw new Error(
      `realtime-gateway is ${gateway.state}: npm run stack -- restart realtime-gateway`,
    );
  // Every page is the same guest's, as tabs of one browser are.
  const { token } = await startGuestSession(appUrl('order-service'));
  let restartedAt = Number.POSITIVE_INFINITY;
  const open = (jitter: 'none' | 'full'): Client => {
    const state: Client = { client: undefined, subscribed: 0, attempts: [], backAt: undefined };
    state.client = connectOrderStatus({
      url: appUrl('realtime-gateway'),
      orderServiceUrl: appUrl('order-service'),
      token,
      backoff: { ...BACKOFF, jitter },
      onStatus: () => undefined,
      onEvent: (event) => {
        const at = performance.now() - restartedAt;
        if (event.type === 'connecting' && at >= 0) state.attempts.push(at);
        if (event.type === 'subscribed' && ++state.subscribed === 2) state.backAt = at;
      },
    });
    return state;
  };
  const groups = {
    none: Array.from({ length: clients }, () => open('none')),
    full: Array.from({ length: clients }, () => open('full')),
  };
  const all = [...groups.none, ...groups.full];
  try {
    await waitFor(`${all.length} pages connected`, async () =>
      all.every((c) => c.subscribed > 0) ? true : undefined,
    );
    log(
      `${clients} pages without jitter and ${clients} with full jitter on realtime-gateway (backoff from 0.5 s, doubling, at most 2 s); restarting it...`,
    );
    restartedAt = performance.now();
    await sendStackCommand({
      action: 'restart',
      app: 'realtime-gateway',
      weak: gateway.weak,
      settings: gateway.settings,
    });
    const readyAt = performance.now() - restartedAt;
    await waitFor(
      'every page back on the new gateway',
      async () => (all.every((c) => c.backAt !== undefined) ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const result: StormGroup[] = [
      { name: 'no jitter', ...summary(groups.none) },
      { name: 'full jitter', ...summary(groups.full) },
    ];
    for (const line of describeStorm(result, readyAt)) log(line);
    return result;
  } finally {
    for (const c of all) c.client?.close();
  }
};

const summary = (clients: readonly Client[]) => ({
  attempts: clients.flatMap((c) => c.attempts),
  backAt: clients.map((c) => c.backAt ?? Number.NaN),
});
