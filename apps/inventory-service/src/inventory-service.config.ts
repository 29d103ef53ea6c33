import { z } from 'zod';
import { SERVICES } from '@pattern-shop/contracts';
import { signingKeyEnv } from '@pattern-shop/messaging-signing';
import {
  baseConfigShape,
  env,
  parseConfig,
  scopedTokensShape,
  kafkaLoginShape,
} from '@pattern-shop/platform';

/** Every setting inventory-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['inventory-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  /** The management API, polled for the depth, consumers and dead letters of the command queue. */
  RABBITMQ_MANAGEMENT_URL: env.httpUrl().optional(),
  KAFKA_BROKERS: env.brokerList(),
  ...kafkaLoginShape(),
  /** Operators change prices and stock; services read reconciliation data. */
  ...scopedTokensShape(),
  /** This service's Ed25519 key: it signs every message the outbox relay sends on RabbitMQ. */
  MESSAGE_SIGNING_PRIVATE_KEY: signingKeyEnv.privateKey(),
  /** Commands accepted only if signed by one of these keys of order-service (comma-separated). */
  ORDER_SERVICE_SIGNING_PUBLIC_KEYS: signingKeyEnv.publicKeys(),
  /** Commands on inventory.commands handled at once per instance (unacknowledged deliveries). */
  COMMAND_PREFETCH: env.positiveInt(10),
  /** Retry delays of a failed command; tests set short ones. */
  COMMAND_RETRY_DELAYS_MS: env.millisecondsList([1_000, 10_000, 60_000]),
  /**
   * How far past its expiry a ReserveStock is still handled: this clock may run a little ahead
   * of order-service's, which set the expiry (docs/patterns/02-deferred-work.md).
   */
  COMMAND_EXPIRY_GRACE_MS: env.positiveInt(5_000),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms(['ack-before-effect', 'unbounded-retries']),
});

export type InventoryServiceConfig = z.infer<typeof schema>;

export const loadInventoryServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): InventoryServiceConfig => parseConfig(schema, source);
