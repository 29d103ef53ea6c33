export * from './product-events.js';
export * from './order-events.js';
export * from './catalogue.js';
