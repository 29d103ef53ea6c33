import { CallTimeoutError } from './errors.js';

/** A call that can be cancelled: it receives an AbortSignal and should hand it to fetch or the driver. */
export type CancellableCall<TArgs extends unknown[], T> = (
  signal: AbortSignal,
  ...args: TArgs
) => Promise<T>;

/**
 * Runs `call` with a fresh AbortSignal and rejects with CallTimeoutError after `timeoutMs`.
 * On timeout the signal is aborted too (with the same error as reason), so the request on the
 * wire is really cancelled instead of running on unseen and holding a socket.
 */
export const callWithTimeout = <TArgs extends unknown[], T>(
  call: CancellableCall<TArgs, T>,
  args: TArgs,
  { target, timeoutMs }: Readonly<{ target: string; timeoutMs: number }>,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const error = new CallTimeoutError(target, timeoutMs);
      // Reject first: whatever the aborted call throws next arrives too late to replace this.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
    // The call may throw before returning a promise; that is a failure like any other.
    Promise.resolve()
      .then(() => call(controller.signal, ...args))
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
