/**
 * Headers that describe a failure (DESIGN.md's dead-letter headers) or the broker's own delivery
 * bookkeeping. A redriven message starts over: with them it would look failed again, and a retry
 * counter reading `x-attempts` or `x-death` would dead-letter it at its first failure.
 * `x-first-failed-at` stays: it is history, and a second dead letter then tells when it all began.
 */
const FAILURE_HEADERS = [
  'x-error-reason',
  'x-error-stack',
  'x-attempts',
  'x-failed-at',
  'x-service',
  'x-original-queue',
  'x-original-exchange',
  'x-original-routing-key',
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
  'x-delivery-count',
] as const;

/** The headers a dead letter goes back to its queue with: failure removed, redrive recorded. */
export const redrivenHeaders = (
  headers: Readonly<Record<string, unknown>>,
  redrivenAt: Date,
): Record<string, unknown> => {
  const kept: Record<string, unknown> = { ...headers };
  for (const name of FAILURE_HEADERS) delete kept[name];
  const previous = Number(headers['x-redrive-count'] ?? 0);
  return {
    ...kept,
    'x-redriven-at': redrivenAt.toISOString(),
    'x-redrive-count': (Number.isFinite(previous) ? previous : 0) + 1,
  };
};

/** Where a dead letter goes back to: the queue it failed in, else the queue its DLQ belongs to. */
export const redriveTarget = (
  headers: Readonly<Record<string, unknown>>,
  consumedQueue: string,
): string => {
  const original = headers['x-original-queue'];
  const name = Buffer.isBuffer(original) ? original.toString('utf8') : original;
  return typeof name === 'string' && name !== '' ? name : consumedQueue;
};
