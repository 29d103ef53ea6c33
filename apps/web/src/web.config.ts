import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { WEB_APP } from '@pattern-shop/contracts';
import {
  baseConfigShape,
  ConfigError,
  env,
  parseConfig,
  scopedTokensShape,
} from '@pattern-shop/platform';

/** Every setting web reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(WEB_APP.port),
  /** Orders: placed, read and listed with the customer's own token. */
  ORDER_SERVICE_URL: env.httpUrl(),
  /** The catalogue: prices and stock. */
  INVENTORY_URL: env.httpUrl(),
  /** realtime-gateway as the browser reaches it (the page opens its socket.io connection there). */
  REALTIME_GATEWAY_PUBLIC_URL: env.httpUrl(),
  /** Verifies customer tokens (order-service issues them); the same value as order-service's. */
  ACCESS_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Each call to a service gives up after this long, and the page says which one is down. */
  UPSTREAM_TIMEOUT_MS: env.positiveInt(3_000),
  /** The built single-page app (vite build); default: the build output beside this app. */
  WEB_CLIENT_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../client/dist', import.meta.url))),
  /**
   * Operators use the console and read any order's journey (docs/web.md); web reads the saga's
   * step log with the service token.
   */
  ...scopedTokensShape(),
  /** Where web receives the services' traces (OTLP/HTTP JSON, POST /v1/traces) for journeys. */
  OTLP_RECEIVER_PORT: env.port(4318),
  /** The journey view's span store keeps at most this many spans, dropping the oldest traces. */
  JOURNEY_MAX_SPANS: env.positiveInt(50_000),
  /** ... and forgets a trace that received nothing for this many minutes. */
  JOURNEY_MAX_AGE_MINUTES: env.positiveInt(60),
  /** The console reads and redrives dead letters here, as the dead-letters CLI does. */
  RABBITMQ_URL: env.amqpUrl().default('amqp://shop:shop_dev@127.0.0.1:5672'),
  /** The console lists the dead-letter queues and their depths from the management API. */
  RABBITMQ_MANAGEMENT_URL: env.httpUrl().default('http://127.0.0.1:15672'),
  /** The console's lanes and firing alerts come from Prometheus' HTTP query API. */
  PROMETHEUS_URL: env.httpUrl().default('http://127.0.0.1:9090'),
  /** The console turns payment-provider's knobs through its admin API. */
  PAYMENT_PROVIDER_URL: env.httpUrl().default('http://127.0.0.1:3007'),
  /**
   * `1` lets the console start the chaos lab's scenarios (docs/web.md): local and workshop
   * stacks only, since a run kills and restarts the apps; refused in production.
   */
  CHAOS_LAB: z
    .enum(['0', '1'], { error: 'must be 0 or 1' })
    .default('0')
    .transform((value) => value === '1'),
  /** After a run's load, at most this long for every order to be final (the lab's --quiesce). */
  CHAOS_LAB_QUIESCE_SECONDS: env.positiveInt(90),
  /** None honoured here; declared so that a lab's switch is refused, not silently ignored. */
  WEAK_MECHANISMS: env.weakMechanisms([]),
});

export type WebConfig = z.infer<typeof schema>;

export const loadWebConfig = (source: Readonly<Record<string, string | undefined>>): WebConfig => {
  if (source['CHAOS_LAB'] === '1' && source['NODE_ENV'] === 'production')
    throw new ConfigError([
      'CHAOS_LAB="1" the chaos lab kills and restarts apps: local and workshop stacks only, never production (NODE_ENV=production)',
    ]);
  return parseConfig(schema, source);
};
