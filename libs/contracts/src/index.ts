export * from './envelope.js';
export * from './messaging-names.js';
export * from './services.js';
export * from './message-producers.js';
export * from './events/index.js';
export * from './http/availability.js';
export * from './http/reconciliation.js';
export * from './http/checkout-sagas.js';
