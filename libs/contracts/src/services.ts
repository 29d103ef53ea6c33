/** The seven apps and their ports, as fixed by DESIGN.md. */
export const SERVICES = {
  'order-service': { port: 3001 },
  'inventory-service': { port: 3002 },
  'payment-service': { port: 3003 },
  'email-service': { port: 3004 },
  'analytics-service': { port: 3005 },
  'realtime-gateway': { port: 3006 },
  'payment-provider': { port: 3007 },
} as const;

export type ServiceName = keyof typeof SERVICES;

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

/**
 * The browser's app (the storefront), apart from SERVICES: it owns no data and no message, so
 * the lists of services that the chaos lab, the walking skeleton and the proxies go through
 * stay the seven that talk to each other.
 */
export const WEB_APP = { name: 'web', port: 8080 } as const;

/** Every app a process can be started for: the seven services and the web app. */
export type AppName = ServiceName | typeof WEB_APP.name;

export const portOf = (app: AppName): number =>
  app === WEB_APP.name ? WEB_APP.port : SERVICES[app].port;
