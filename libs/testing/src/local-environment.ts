import type { AppName, ServiceName } from '@pattern-shop/contracts';
import {
  brokerDevPassword,
  KAFKA_OPERATOR,
  kafkaDevPassword,
  SERVICES,
  WEB_APP,
} from '@pattern-shop/contracts';
import { developmentSigningKey } from '@pattern-shop/messaging-signing';
import { type ChaosTarget, chaosProxy } from './chaos-proxies.js';

/**
 * Addresses of the infrastructure started by `infra/local/up`, and the development-only
 * credentials it creates. Production settings come from the environment, never from here.
 */
export const LOCAL_INFRA = {
  postgres: (database: string, role: string) =>
    `postgres://${role}:${role}_dev@127.0.0.1:5432/${database}`,
  /** The operator's user: tests, CLIs and the console; each service has its own (below). */
  rabbitmqUrl: 'amqp://shop:shop_dev@127.0.0.1:5672',
  /** A service's own RabbitMQ user, allowed only its own queues and keys (docs/security.md). */
  rabbitmqUrlOf: (service: ServiceName) =>
    `amqp://${service}:${brokerDevPassword(service)}@127.0.0.1:5672`,
  rabbitmqManagementUrl: 'http://127.0.0.1:15672',
  kafkaBrokers: '127.0.0.1:9092',
  /** The operator's Kafka login (a super user): tests, CLIs, chaos tools; kafkajs's `sasl`. */
  kafkaOperatorSasl: {
    mechanism: 'scram-sha-512',
    username: KAFKA_OPERATOR.user,
    password: KAFKA_OPERATOR.password,
  },
  /** A service's own Kafka user, allowed only its own topics and groups (docs/security.md). */
  kafkaLoginOf: (service: ServiceName) => ({
    username: service,
    password: kafkaDevPassword(service),
  }),
  smtp: { host: '127.0.0.1', port: 1025, webUrl: 'http://127.0.0.1:1080' },
  /** Signs access tokens between order-service and realtime-gateway; a local-only value. */
  accessTokenSecret: 'local-development-only-access-token-secret',
  /** A person's token (the operator scope): console, knobs, sagas, reports; a local-only value. */
  operatorToken: 'local-development-only-operator-token',
  /** One service reading another (the service scope); a local-only value. */
  serviceToken: 'local-development-only-service-token',
  /** Each producer's message-signing key, and the name of its public half; local-only values. */
  signingKey: developmentSigningKey,
} as const;

/** Both scoped tokens, for every app that guards endpoints or calls another's. */
const scopedTokens = {
  OPERATOR_TOKEN: LOCAL_INFRA.operatorToken,
  SERVICE_TOKEN: LOCAL_INFRA.serviceToken,
} as const;

/** `LOG_LEVEL=debug ./bin/run` reaches every app (docs/observability.md); info otherwise. */
const logLevel = (): string => process.env['LOG_LEVEL'] ?? 'info';

export type LocalEnvironmentOptions = Readonly<{
  /** Reach every server and other app through its Toxiproxy proxy (docs/chaos.md). */
  chaos?: boolean;
}>;

/** The environment each app gets when run locally against `infra/local`. */
export const localEnvironment = (
  service: AppName,
  options: LocalEnvironmentOptions = {},
): Record<string, string> =>
  service === WEB_APP.name ? webEnvironment() : serviceEnvironment(service, options);

/**
 * The storefront reaches the services directly, also in chaos mode: it shows the system, and a
 * fault on its own hop would only hide what the lab is doing to the others.
 */
const webEnvironment = (): Record<string, string> => ({
  PORT: String(WEB_APP.port),
  HOST: '127.0.0.1',
  LOG_LEVEL: logLevel(),
  ORDER_SERVICE_URL: `http://127.0.0.1:${SERVICES['order-service'].port}`,
  INVENTORY_URL: `http://127.0.0.1:${SERVICES['inventory-service'].port}`,
  REALTIME_GATEWAY_PUBLIC_URL: `http://127.0.0.1:${SERVICES['realtime-gateway'].port}`,
  ACCESS_TOKEN_SECRET: LOCAL_INFRA.accessTokenSecret,
  ...scopedTokens,
  RABBITMQ_URL: LOCAL_INFRA.rabbitmqUrl,
  RABBITMQ_MANAGEMENT_URL: LOCAL_INFRA.rabbitmqManagementUrl,
  PAYMENT_PROVIDER_URL: `http://127.0.0.1:${SERVICES['payment-provider'].port}`,
});

const serviceEnvironment = (
  service: ServiceName,
  { chaos = false }: LocalEnvironmentOptions,
): Record<string, string> => {
  // The one place an address is chosen: the target itself, or this app's proxy to it.
  const port = (target: ChaosTarget, direct: number): number =>
    chaos ? chaosProxy(service, target).listenPort : direct;
  const url = (app: ServiceName): string => `http://127.0.0.1:${port(app, SERVICES[app].port)}`;
  const base = { PORT: String(SERVICES[service].port), HOST: '127.0.0.1', LOG_LEVEL: logLevel() };
  // Functions, not values: an app without a hop to a server has no proxy to name.
  const rabbit = () => ({
    RABBITMQ_URL: LOCAL_INFRA.rabbitmqUrlOf(service).replace(':5672', `:${port('rabbitmq', 5672)}`),
    // Metrics polling only, no message path: it stays direct in chaos mode too.
    RABBITMQ_MANAGEMENT_URL: LOCAL_INFRA.rabbitmqManagementUrl,
  });
  const kafka = () => ({
    KAFKA_BROKERS: LOCAL_INFRA.kafkaBrokers.replace(':9092', `:${port('kafka', 9092)}`),
    KAFKA_USERNAME: LOCAL_INFRA.kafkaLoginOf(service).username,
    KAFKA_PASSWORD: LOCAL_INFRA.kafkaLoginOf(service).password,
  });
  const db = (database: string, role: string) => ({
    DATABASE_URL: LOCAL_INFRA.postgres(database, role).replace(
      ':5432/',
      `:${port('postgres', 5432)}/`,
    ),
  });
  switch (service) {
    case 'order-service':
      return {
        ...base,
        ...db('orders', 'order_service'),
        ...rabbit(),
        ...kafka(),
        INVENTORY_URL: url('inventory-service'),
        ACCESS_TOKEN_SECRET: LOCAL_INFRA.accessTokenSecret,
        ...scopedTokens,
        ...signing(service, ['payment-service', 'inventory-service']),
      };
    case 'inventory-service':
      return {
        ...base,
        ...db('inventory', 'inventory_service'),
        ...rabbit(),
        ...kafka(),
        ...scopedTokens,
        ...signing(service, ['order-service']),
      };
    case 'payment-service':
      return {
        ...base,
        ...db('payments', 'payment_service'),
        ...rabbit(),
        ...kafka(),
        PAYMENT_PROVIDER_URL: url('payment-provider'),
        ...scopedTokens,
        ...signing(service, ['order-service']),
      };
    case 'payment-provider':
      // Tests steer single charges with x-simulate-* headers; honoured only in test mode.
      return { ...base, ...scopedTokens, PAYMENT_PROVIDER_TEST_MODE: 'true' };
    case 'email-service':
      return {
        ...base,
        ...db('email', 'email_service'),
        ...rabbit(),
        SMTP_HOST: LOCAL_INFRA.smtp.host,
        SMTP_PORT: String(port('smtp', LOCAL_INFRA.smtp.port)),
      };
    case 'analytics-service':
      return {
        ...base,
        ...db('analytics', 'analytics_service'),
        ...kafka(),
        ORDER_SERVICE_URL: url('order-service'),
        PAYMENT_SERVICE_URL: url('payment-service'),
        PAYMENT_PROVIDER_URL: url('payment-provider'),
        INVENTORY_URL: url('inventory-service'),
        ...scopedTokens,
      };
    case 'realtime-gateway':
      return {
        ...base,
        ...rabbit(),
        ORDER_SERVICE_URL: url('order-service'),
        ACCESS_TOKEN_SECRET: LOCAL_INFRA.accessTokenSecret,
      };
  }
};

/** Its own signing key, and the public keys of the producers whose messages it consumes. */
const signing = (
  service: ServiceName,
  trusted: readonly ServiceName[],
): Record<string, string> => ({
  MESSAGE_SIGNING_PRIVATE_KEY: LOCAL_INFRA.signingKey(service),
  ...Object.fromEntries(
    trusted.map((producer) => [
      `${producer.toUpperCase().replaceAll('-', '_')}_SIGNING_PUBLIC_KEYS`,
      LOCAL_INFRA.signingKey(producer),
    ]),
  ),
});
