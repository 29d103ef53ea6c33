export * from './rabbit-connection.js';
export * from './rabbitmq.module.js';
