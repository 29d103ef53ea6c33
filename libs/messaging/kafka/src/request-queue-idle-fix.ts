import { createRequire } from 'node:module';

/** The part of kafkajs's (untyped, internal) RequestQueue that the fix touches. */
export type RequestQueueState = {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null | undefined;
  checkPendingRequests: () => void;
};

// kafkajs's own retry interval for pending requests while the broker throttles us.
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * kafkajs 2.2.4's RequestQueue reschedules its pending-request check after every check, with a
 * negative delay when nothing is pending or throttled: a 1-ms timer loop per broker connection,
 * for ever (kafkajs issues #1556 and #1704, fix in the unmerged pull request #1667). This is that
 * fix: with nothing pending and no throttle there is nothing to check; a new request is sent at
 * once or schedules its own check, and each response checks the queue again.
 */
export function scheduleCheckPendingRequests(this: RequestQueueState): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && untilUnthrottled <= 0) return;
  const delay =
    this.pending.length > 0 && untilUnthrottled <= 0
      ? CHECK_PENDING_REQUESTS_INTERVAL_MS
      : untilUnthrottled;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/** Replaces the method on kafkajs's RequestQueue, once per process (the module is a singleton). */
export const applyRequestQueueIdleFix = (): void => {
  const RequestQueue = createRequire(import.meta.url)(
    'kafkajs/src/network/requestQueue/index.js',
  ) as {
    prototype: { scheduleCheckPendingRequests: () => void };
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
};
