export * from './invariants/snapshot.js';
export * from './invariants/verdict.js';
export * from './invariants/check-invariants.js';
export * from './readers/system-addresses.js';
export * from './readers/read-snapshot.js';
export { readCurrentStock } from './readers/inventory.reader.js';
export { readProjections } from './readers/analytics.reader.js';
export { readOutbox, readOutboxRowsOf } from './readers/order-service.reader.js';
export { readAnalyticsLag } from './readers/kafka.reader.js';
