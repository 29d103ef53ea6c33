/** Injection tokens the platform provides to every service. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const LOGGER = Symbol('LOGGER');
