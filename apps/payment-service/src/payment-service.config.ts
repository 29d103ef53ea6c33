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

/** Every setting payment-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['payment-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  /** The management API, polled for the depth, consumers and dead letters of the command queue. */
  RABBITMQ_MANAGEMENT_URL: env.httpUrl().optional(),
  KAFKA_BROKERS: env.brokerList(),
  ...kafkaLoginShape(),
  /** This service's Ed25519 key: it signs every message the outbox relay sends on RabbitMQ. */
  MESSAGE_SIGNING_PRIVATE_KEY: signingKeyEnv.privateKey(),
  /** Commands accepted only if signed by one of these keys of order-service (comma-separated). */
  ORDER_SERVICE_SIGNING_PUBLIC_KEYS: signingKeyEnv.publicKeys(),
  PAYMENT_PROVIDER_URL: env.httpUrl(),
  /** Services read the reconciliation endpoint (GET /reconciliation/daily). */
  ...scopedTokensShape(),
  /** How long a charge or refund waits for the provider before it counts as failed. */
  PAYMENT_PROVIDER_TIMEOUT_MS: env.positiveInt(2_000),
  /** Calls to the provider in flight at most; one more is refused at once (and retried later). */
  PAYMENT_PROVIDER_MAX_CONCURRENT_CALLS: env.positiveInt(10),
  /** How long the breaker stays open before one trial call. */
  PAYMENT_PROVIDER_BREAKER_RESET_MS: env.positiveInt(5_000),
  /** Commands of `payment.commands` handled at once per instance (unacknowledged deliveries). */
  COMMAND_PREFETCH: env.positiveInt(10),
  /** Handlings of a command, the first included, before it goes to `payment.commands.dlq`. */
  COMMAND_MAX_ATTEMPTS: env.positiveInt(3),
  /** The wait before each retry of a failed command; tests set short ones, e.g. `200,400,800`. */
  COMMAND_RETRY_DELAYS_MS: env.millisecondsList([1_000, 10_000, 60_000]),
  /**
   * How far past its expiry a ChargePayment is still handled: this clock may run a little ahead
   * of order-service's, which set the expiry (docs/patterns/02-deferred-work.md).
   */
  COMMAND_EXPIRY_GRACE_MS: env.positiveInt(5_000),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms(['ack-before-effect', 'unbounded-retries']),
});

export type PaymentServiceConfig = z.infer<typeof schema>;

export const loadPaymentServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): PaymentServiceConfig => parseConfig(schema, source);
