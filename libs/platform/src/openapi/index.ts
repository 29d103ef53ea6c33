export * from './openapi-schemas.js';
export * from './service-document.js';
