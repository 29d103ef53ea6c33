/**
 * Failures that say a dependency is away for a moment, not that the request or the code is wrong:
 * a connection refused, reset or closed under us, and PostgreSQL's "operator intervention" and
 * "connection exception" classes (57xxx: shutting down, restarting; 08xxx). They are answered 503
 * with Retry-After, so a careful client retries (with its Idempotency-Key), instead of 500.
 * Recognised by shape, so the platform needs no database driver.
 */
export const isTransientDependencyFailure = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
  };
  if (
    driverError !== undefined &&
    driverError !== error &&
    isTransientDependencyFailure(driverError)
  )
    return true;
  if (typeof code === 'string' && /^(57|08)[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((text) => message.includes(text));
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

const TRANSIENT_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'read ECONNRESET',
  'connect ECONNREFUSED',
];
