export * from './kafka-client.js';
export * from './kafka-probe.js';
export * from './kafka.module.js';
export * from './idempotent-producer.js';
export * from './kafka-topics.js';
