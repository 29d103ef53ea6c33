export * from './handle-once.js';
export * from './inbox-batch.js';
export * from './inbox.migrations.js';
export * from './parse-envelope.js';
export * from './dead-letter-headers.js';
export * from './prune-processed-messages.js';
export * from './expired-commands.js';
