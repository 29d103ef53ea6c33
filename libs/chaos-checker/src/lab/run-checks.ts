import { setTimeout as delay } from 'node:timers/promises';
import { nothingLeftInQueues, outboxesEmpty } from '../invariants/messages.rules.js';
import type { SystemSnapshot } from '../invariants/snapshot.js';
import { runOrders, type Verdict, verdict } from '../invariants/verdict.js';
import type { ClientRecord } from './careful-client.js';

/** A saturated or cut-off service says 503 (retry), never 500: a 500 is a bug the fault exposed. */
export const noServerErrors = (client: readonly ClientRecord[]): Verdict => {
  const failed = client.filter((r) => r.attempts.some((a) => a.status >= 500 && a.status !== 503));
  return verdict(
    'no answer 500 (busy or cut off is 503 + Retry-After)',
    `${client.length} requests, no 5xx other than 503`,
    `${failed.length} requests answered another 5xx`,
    failed.map((r) => r.key),
  );
};

/** Quiet: no order of the run still PENDING, outboxes empty, consumed queues drained. */
const isQuiet = (snapshot: SystemSnapshot): boolean =>
  runOrders(snapshot).every((order) => order.status !== 'PENDING') &&
  outboxesEmpty(snapshot).result === 'pass' &&
  nothingLeftInQueues(snapshot).result === 'pass';

/**
 * When the run went quiet, or undefined past the bound. The management API's queue figures can be
 * 5 s old, so one quiet read proves little: it counts once reads `settledMs` apart all agree.
 */
export const waitUntilQuiet = async (
  read: () => Promise<SystemSnapshot>,
  boundMs: number,
  { settledMs = 6_000, pauseMs = 2_000 }: { settledMs?: number; pauseMs?: number } = {},
): Promise<number | undefined> => {
  const until = performance.now() + boundMs;
  let quietSince: number | undefined;
  while (performance.now() < until) {
    const readAt = performance.now();
    const quiet = await read().then(isQuiet, () => false);
    quietSince = quiet ? (quietSince ?? readAt) : undefined;
    if (quietSince !== undefined && readAt - quietSince >= settledMs) return quietSince;
    await delay(pauseMs);
  }
  return undefined;
};
