export * from './invariants/snapshot.js';
export * from './invariants/verdict.js';
export * from './invariants/check-invariants.js';
