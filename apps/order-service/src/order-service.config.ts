import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting order-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['order-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  KAFKA_BROKERS: env.brokerList(),
  INVENTORY_URL: env.httpUrl(),
});

export type OrderServiceConfig = z.infer<typeof schema>;

export const loadOrderServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): OrderServiceConfig => parseConfig(schema, source);
