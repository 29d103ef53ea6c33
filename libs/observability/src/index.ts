export * from './correlation.js';
export * from './logger.js';
export * from './metrics.js';
export * from './http-observability.middleware.js';
export * from './tracing.js';
export * from './redaction.js';
