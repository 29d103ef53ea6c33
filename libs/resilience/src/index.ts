export * from './backoff.js';
export * from './errors.js';
export type { CancellableCall } from './call-with-timeout.js';
export type { BreakerState, CallResult } from './circuit-breaker-metrics.js';
export * from './circuit-breaker.js';
export * from './in-flight-limit.js';
