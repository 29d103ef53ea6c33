export * from './persistence.module.js';
export * from './database.probe.js';
