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

/** A request in flight, as kafkajs's SocketRequest keeps it. */
type InFlightRequest = {
  sentAt: number | null;
  requestTimeout: number;
  timeoutRequest: () => void;
};

/** The part of RequestQueue that enforces request timeouts, plus the timer this fix adds. */
export type RequestTimeoutState = {
  enforceRequestTimeout: boolean;
  inflight: Map<number, InFlightRequest>;
  requestTimeoutTimer?: NodeJS.Timeout | undefined;
  requestTimeoutDueAt?: number | undefined;
};

const armRequestTimeoutCheck = (queue: RequestTimeoutState, dueAt: number): void => {
  if (queue.requestTimeoutDueAt !== undefined && queue.requestTimeoutDueAt <= dueAt) return;
  clearTimeout(queue.requestTimeoutTimer);
  queue.requestTimeoutDueAt = dueAt;
  queue.requestTimeoutTimer = setTimeout(
    () => checkRequestTimeouts.call(queue),
    Math.max(0, dueAt - Date.now()),
  );
};

/**
 * kafkajs checks its requests in flight for a timeout on a 100-ms interval per broker connection,
 * from connect to disconnect: ten wake-ups a second for each, with nothing in flight or a fetch
 * long-polling (analytics-service's four connections woke it 40 times a second at rest). Instead,
 * one timer per connection, armed for the earliest deadline in flight: it times out what passed
 * its `requestTimeout` (as the interval did, to the millisecond rather than to 100 ms) and is
 * armed again for the earliest one left; with nothing in flight, none runs.
 */
export function checkRequestTimeouts(this: RequestTimeoutState): void {
  this.requestTimeoutTimer = undefined;
  this.requestTimeoutDueAt = undefined;
  const now = Date.now();
  let earliest = Number.POSITIVE_INFINITY;
  for (const request of this.inflight.values()) {
    if (request.sentAt === null) continue;
    const dueAt = request.sentAt + request.requestTimeout;
    // kafkajs's own test: strictly more than requestTimeout since it was sent.
    if (now - request.sentAt > request.requestTimeout) request.timeoutRequest();
    else earliest = Math.min(earliest, dueAt + 1);
  }
  if (Number.isFinite(earliest)) armRequestTimeoutCheck(this, earliest);
}

type RequestQueuePrototype = {
  scheduleCheckPendingRequests: () => void;
  scheduleRequestTimeoutCheck: () => void;
  sendSocketRequest: (request: InFlightRequest & { expectResponse: boolean }) => void;
  destroy: () => void;
};

/** Replaces the methods on kafkajs's RequestQueue, once per process (the module is a singleton). */
export const applyRequestQueueIdleFix = (): void => {
  const RequestQueue = createRequire(import.meta.url)(
    'kafkajs/src/network/requestQueue/index.js',
  ) as { prototype: RequestQueuePrototype & { idleFixApplied?: boolean } };
  const prototype = RequestQueue.prototype;
  if (prototype.idleFixApplied === true) return;
  prototype.idleFixApplied = true;
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  const { sendSocketRequest, destroy } = prototype;
  // Called at connect: the interval it started is replaced by the timer armed per request sent.
  prototype.scheduleRequestTimeoutCheck = function (this: RequestQueuePrototype) {
    this.destroy();
  };
  prototype.sendSocketRequest = function (
    this: RequestQueuePrototype & RequestTimeoutState,
    request,
  ) {
    sendSocketRequest.call(this, request);
    if (this.enforceRequestTimeout && request.expectResponse && request.sentAt !== null)
      armRequestTimeoutCheck(this, request.sentAt + request.requestTimeout + 1);
  };
  prototype.destroy = function (this: RequestQueuePrototype & RequestTimeoutState) {
    destroy.call(this);
    clearTimeout(this.requestTimeoutTimer);
    this.requestTimeoutTimer = undefined;
    this.requestTimeoutDueAt = undefined;
  };
};
