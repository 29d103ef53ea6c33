import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting payment-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['payment-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  KAFKA_BROKERS: env.brokerList(),
  PAYMENT_PROVIDER_URL: env.httpUrl(),
});

export type PaymentServiceConfig = z.infer<typeof schema>;

export const loadPaymentServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): PaymentServiceConfig => parseConfig(schema, source);
