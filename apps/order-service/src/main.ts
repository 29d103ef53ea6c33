// Takes orders over REST and orchestrates the checkout saga (patterns 1 and 5).
// Tracing first: OpenTelemetry patches http, express and pg as they are imported, so its loader
// hook must be registered before the service's modules load (start.ts), not linked beside them.
await import('@pattern-shop/observability/register');
await import('./start.js');

export {};
