import { z } from 'zod';
import { DEFAULT_CHECKOUT_SAGA_POLICY } from '@pattern-shop/checkout-saga';
import { SERVICES } from '@pattern-shop/contracts';
import { signingKeyEnv } from '@pattern-shop/messaging-signing';
import {
  baseConfigShape,
  env,
  parseConfig,
  scopedTokensShape,
  kafkaLoginShape,
} from '@pattern-shop/platform';

/** Every setting order-service reads, checked once at start. */
const schema = z.object({
  ...baseConfigShape(SERVICES['order-service'].port),
  DATABASE_URL: env.postgresUrl(),
  RABBITMQ_URL: env.amqpUrl(),
  /** The management plugin, polled for queue depth and dead letters; unset: no queue metrics. */
  RABBITMQ_MANAGEMENT_URL: env.httpUrl().optional(),
  KAFKA_BROKERS: env.brokerList(),
  ...kafkaLoginShape(),
  /** This service's Ed25519 key: it signs every message the outbox relay sends on RabbitMQ. */
  MESSAGE_SIGNING_PRIVATE_KEY: signingKeyEnv.privateKey(),
  /** Payment replies accepted only if signed by one of these keys of payment-service (comma-separated). */
  PAYMENT_SERVICE_SIGNING_PUBLIC_KEYS: signingKeyEnv.publicKeys(),
  /** Stock replies accepted only if signed by one of these keys of inventory-service (comma-separated). */
  INVENTORY_SERVICE_SIGNING_PUBLIC_KEYS: signingKeyEnv.publicKeys(),
  /** Connections of the API's pool (requests only); a request waits up to 2 s for one. */
  DATABASE_POOL_MAX: env.positiveInt(20),
  /**
   * Connections of the background pool: outbox relay, saga replies and deadlines, catalogue facts,
   * metrics. A separate pool is the bulkhead that keeps a stuck relay from starving the API.
   */
  DATABASE_BACKGROUND_POOL_MAX: env.positiveInt(10),
  /** Load shedding: POST /orders in flight at most; the next one gets 503 at once. */
  ORDER_MAX_REQUESTS_IN_FLIGHT: env.positiveInt(40),
  /**
   * Load shedding: sagas waiting on a step at most before new orders get 503. Backlog divided by
   * throughput is the time a command waits in its queue; keep it well under the step deadlines.
   */
  ORDER_MAX_SAGAS_IN_FLIGHT: env.positiveInt(250),
  /** How often the saga backlog is read for admission. */
  ORDER_ADMISSION_REFRESH_MS: env.positiveInt(1_000),
  /**
   * POST /orders' server-side deadline: what is not committed by then is rolled back and answered
   * 503, and its Idempotency-Key is free again. Keep it under the clients' own timeout.
   */
  ORDER_REQUEST_DEADLINE_MS: env.positiveInt(4_000),
  /**
   * How long an Idempotency-Key keeps its answer; older keys are pruned (every few minutes at
   * most), and a retry after that is a new request.
   */
  IDEMPOTENCY_KEY_RETENTION_HOURS: env.positiveInt(24),
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
  /** How long a customer token from POST /sessions, /sessions/guest or /customers is valid. */
  CUSTOMER_TOKEN_TTL_SECONDS: env.positiveInt(3_600),
  /**
   * Rate limits per minute (docs/security.md, "Customer identity"): sign-in, registration and
   * guest sessions per client IP, POST /orders per customer. The defaults sit far above what the
   * benches and chaos runs send (about 100 orders/s over 50-200 customers, from one address).
   */
  RATE_LIMIT_SIGN_IN_PER_MINUTE: env.positiveInt(120),
  RATE_LIMIT_REGISTRATIONS_PER_MINUTE: env.positiveInt(300),
  RATE_LIMIT_GUEST_SESSIONS_PER_MINUTE: env.positiveInt(3_000),
  RATE_LIMIT_ORDERS_PER_CUSTOMER_PER_MINUTE: env.positiveInt(1_200),
  /** Operators run the saga endpoints; services read a saga and reconciliation data. */
  ...scopedTokensShape(),
  /** How long the saga waits for each step's reply before it takes the failure path. */
  SAGA_CHARGE_TIMEOUT_MS: env.positiveInt(DEFAULT_CHECKOUT_SAGA_POLICY.chargeTimeoutMs),
  SAGA_RESERVE_TIMEOUT_MS: env.positiveInt(DEFAULT_CHECKOUT_SAGA_POLICY.reserveTimeoutMs),
  SAGA_REFUND_TIMEOUT_MS: env.positiveInt(DEFAULT_CHECKOUT_SAGA_POLICY.refundTimeoutMs),
  /** Pauses before each refund retry; after the last one the saga parks for a person. */
  SAGA_COMPENSATION_RETRY_DELAYS_MS: env.millisecondsList(
    DEFAULT_CHECKOUT_SAGA_POLICY.compensationRetryDelaysMs,
  ),
  /** Step deadlines: the shortest time between two looks for passed ones (a burst is one look). */
  SAGA_DEADLINE_POLL_MS: env.positiveInt(500),
  /** The longest: a deadline this instance was not told of (another instance set it) waits this. */
  SAGA_DEADLINE_SAFETY_POLL_MS: env.positiveInt(5_000),
  /** Saga replies handled at once, and the waits before a failed one is tried again. */
  SAGA_REPLY_PREFETCH: env.positiveInt(20),
  SAGA_REPLY_RETRY_DELAYS_MS: env.millisecondsList([1_000, 10_000, 60_000]),
  /** Naive forms for the chaos lab (docs/chaos.md); refused in production. */
  WEAK_MECHANISMS: env.weakMechanisms([
    'ack-before-effect',
    'unbounded-retries',
    'no-breaker',
    'no-step-deadline',
    'publish-after-commit',
  ]),
});

export type OrderServiceConfig = z.infer<typeof schema>;

export const loadOrderServiceConfig = (
  source: Readonly<Record<string, string | undefined>>,
): OrderServiceConfig => parseConfig(schema, source);

/** Injection token of the validated configuration, for the use-case modules' factories. */
export const ORDER_SERVICE_CONFIG = Symbol('ORDER_SERVICE_CONFIG');
