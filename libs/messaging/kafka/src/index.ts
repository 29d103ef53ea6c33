export * from './kafka-client.js';
export * from './kafka-probe.js';
export * from './kafka.module.js';
