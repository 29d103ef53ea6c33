/**
 * The ports DESIGN.md fixes, copied here on purpose rather than imported: these checks guard the
 * contract, so a port that drifts in docker-compose.yml or k8s/ fails a test, not a workshop.
 */
export const APP_PORTS = {
  'order-service': 3001,
  'inventory-service': 3002,
  'payment-service': 3003,
  'email-service': 3004,
  'analytics-service': 3005,
  'realtime-gateway': 3006,
  'payment-provider': 3007,
  web: 8080,
} as const;

export type AppName = keyof typeof APP_PORTS;

export const APP_NAMES = Object.keys(APP_PORTS) as AppName[];

/** PostgreSQL, RabbitMQ and its management UI, Kafka, the SMTP sink and its web page. */
export const INFRA_PORTS = [5432, 5672, 15672, 9092, 1025, 1080] as const;
