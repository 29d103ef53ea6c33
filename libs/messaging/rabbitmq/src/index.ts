export * from './rabbit-connection.js';
export * from './rabbitmq.module.js';
export * from './rabbit-subscriber.js';
export * from './rabbit-consumer.js';
export * from './consumer-declaration.js';
export * from './confirming-publisher.js';
export * from './event-exchanges.js';
export * from './retry-policy.js';
export * from './subscriber-topology.js';
export * from './dead-letter.js';
export * from './subscriber-metrics.js';
export * from './queue-monitor.js';
export * from './command-queues.js';
// The dead-letters CLI's library, also used by web's operations console.
export * from './cli/dead-letter-browser.js';
export * from './cli/dead-letter-queues.js';
export * from './cli/hold-queued-messages.js';
export { consumedQueueName } from './cli/dead-letter-arguments.js';
export type { DeadLetter, QueueDepth } from './cli/dead-letter-format.js';
