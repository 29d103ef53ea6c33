// The storefront: a small backend for the browser and the single-page app it serves.
// Tracing first: OpenTelemetry patches http and express as they are imported, so its loader
// hook must be registered before the app's modules load (start.ts), not linked beside them.
await import('@pattern-shop/observability/register');
await import('./start.js');

export {};
