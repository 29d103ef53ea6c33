// analytics-service's test kit, published to tests outside the app (tests/e2e) as a package of
// its own, because lint lets no project import an app's source.
export * from './analytics-harness.js';
export * from './analytics-stream-kit.js';
