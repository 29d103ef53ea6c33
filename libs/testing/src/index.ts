export * from './repo.js';
export * from './local-environment.js';
export * from './wait-for.js';
export * from './infra.js';
export * from './service-process.js';
export * from './tcp-proxy.js';
