import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting analytics-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['analytics-service'].port),
  DATABASE_URL: env.postgresUrl(),
  KAFKA_BROKERS: env.brokerList(),
});

export type AnalyticsServiceConfig = z.infer<typeof schema>;

export const loadAnalyticsServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): AnalyticsServiceConfig => parseConfig(schema, source);
