export * from './rabbit-connection.js';
export * from './rabbitmq.module.js';
export * from './rabbit-subscriber.js';
export * from './confirming-publisher.js';
export * from './event-exchanges.js';
export * from './retry-policy.js';
export * from './subscriber-topology.js';
export * from './dead-letter.js';
