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
