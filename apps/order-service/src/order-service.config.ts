import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting order-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['order-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  KAFKA_BROKERS: env.brokerList(),
  /** Connections to the orders database at most; requests beyond wait up to 2 s for one. */
  DATABASE_POOL_MAX: env.positiveInt(20),
  INVENTORY_URL: env.httpUrl(),
  /** How long placing an order waits for inventory-service before pricing from the replica. */
  INVENTORY_TIMEOUT_MS: env.positiveInt(300),
  /** Calls to inventory-service in flight at most; more are priced from the replica at once. */
  INVENTORY_MAX_CONCURRENT_CALLS: env.positiveInt(20),
  /** How long the breaker stays open before one trial call. */
  INVENTORY_BREAKER_RESET_MS: env.positiveInt(5_000),
  /** Signs order and customer access tokens; shared with realtime-gateway. */
  ACCESS_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: env.positiveInt(900),
});

export type OrderServiceConfig = z.infer<typeof schema>;

export const loadOrderServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): OrderServiceConfig => parseConfig(schema, source);
