export * from './access-token.js';
