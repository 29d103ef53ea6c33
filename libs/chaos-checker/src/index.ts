export * from './invariants/snapshot.js';
export * from './invariants/verdict.js';
export * from './invariants/check-invariants.js';
export * from './readers/system-addresses.js';
export * from './readers/read-snapshot.js';
export { readCurrentStock } from './readers/inventory.reader.js';
export { readProjections } from './readers/analytics.reader.js';
export { readOutbox, readOutboxRowsOf } from './readers/order-service.reader.js';
export { readAnalyticsLag } from './readers/kafka.reader.js';
// The realtime edge's watchers and its silent hop, reused by workshop lab 6 (libs/labs).
export {
  NO_WATCHDOG_MS,
  RealtimeWatchers,
  WATCHER_PROXY,
  type WatcherSettings,
} from './lab/realtime-watchers.js';
export { silentHop } from './lab/faults.js';
