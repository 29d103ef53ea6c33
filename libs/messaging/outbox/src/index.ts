export * from './outbox-message.js';
export * from './outbox.migrations.js';
export * from './outbox-relay.js';
export * from './outbox.module.js';
export * from './outbox-publishers.js';
export * from './outbox-maintenance.js';
export type { OutboxRow, Destination } from './outbox-store.js';
export type { PendingStats } from './outbox-metrics.js';
export { OUTBOX_APPENDED_CHANNEL } from './outbox-wakeup.js';
