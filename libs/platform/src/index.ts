export * from './config.js';
export * from './readiness.js';
export * from './tokens.js';
export * from './platform.module.js';
export * from './problem-details.filter.js';
export * from './run-service.js';
export * from './zod-validation.pipe.js';
export * from './staff-token.js';
