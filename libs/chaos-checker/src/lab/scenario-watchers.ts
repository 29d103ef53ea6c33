import type { CustomerSession, ToxiproxyClient } from '@pattern-shop/testing';
import type { CheckScope } from '../invariants/snapshot.js';
import { readOrders } from '../readers/order-service.reader.js';
import { localAddresses } from '../readers/system-addresses.js';
import { NO_WATCHDOG_MS, RealtimeWatchers } from './realtime-watchers.js';
import type { Scenario } from './scenario.js';

// How a run keeps its realtime watchers (realtime-watchers.ts): whether, with what watchdog, and
// how long they get to catch up before the checker looks.

/**
 * The pages' watchdog window, or undefined when the scenario keeps no watchers. A page written for
 * a gateway without heartbeats has no watchdog: in a weak run with `no-heartbeat` on the gateway,
 * the pages have none either.
 */
export const watchdogWindowMs = (scenario: Scenario, weak: boolean): number | undefined => {
  if (scenario.watchers === undefined) return undefined;
  const noHeartbeat =
    weak && scenario.weak?.mechanisms['realtime-gateway']?.includes('no-heartbeat') === true;
  return noHeartbeat ? NO_WATCHDOG_MS : scenario.watchers.heartbeatTimeoutMs;
};

/** The scenario's watchers, connected, if it keeps any. */
export const watchersFor = async (
  scenario: Scenario,
  weak: boolean,
  context: Readonly<{
    toxiproxy: ToxiproxyClient;
    customers: readonly CustomerSession[];
    log: (event: string) => void;
  }>,
): Promise<RealtimeWatchers | undefined> => {
  const heartbeatTimeoutMs = watchdogWindowMs(scenario, weak);
  if (heartbeatTimeoutMs === undefined) return undefined;
  const { toxiproxy, customers, log } = context;
  return RealtimeWatchers.open(toxiproxy, { customers, heartbeatTimeoutMs, log });
};

/** After the run went quiet: the pages get time to catch up, since a reconnect waits out its backoff. */
export const watchersCaughtUp = async (
  watchers: RealtimeWatchers,
  log: (event: string) => void,
  scope: CheckScope,
): Promise<void> => {
  const stale = await watchers.waitUntilCaughtUp(await readOrders(localAddresses(), scope), 30_000);
  log(`${watchers.summary()}; ${stale} followed orders still stale`);
};
