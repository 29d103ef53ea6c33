export * from './openapi-schemas.js';
export * from './service-document.js';
export * from './scoped-routes.js';
