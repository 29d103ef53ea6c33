export * from './product-events.js';
export * from './order-events.js';
export * from './payment-messages.js';
export * from './stock-messages.js';
export * from './saga-messages.js';
export * from './catalogue.js';
export * from './upcasters.js';
export * from './schema-compatibility.js';
