import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { baseConfigShape, env, parseConfig } from '@pattern-shop/platform';

/** Every setting realtime-gateway reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['realtime-gateway'].port),
  RABBITMQ_URL: env.amqpUrl(),
  ORDER_SERVICE_URL: env.httpUrl(),
});

export type RealtimeGatewayConfig = z.infer<typeof schema>;

export const loadRealtimeGatewayConfig = (
  source: Readonly<Record<string, string | undefined>>,
): RealtimeGatewayConfig => parseConfig(schema, source);
