export * from './signing-keys.js';
export * from './message-signature.js';
export * from './message-verifier.js';
export * from './signing-config.js';
