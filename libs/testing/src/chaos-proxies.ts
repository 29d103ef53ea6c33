import { SERVICES, type ServiceName } from '@pattern-shop/contracts';

/** What an app reaches through a proxy in chaos mode: a server, or another app's HTTP API. */
export type ChaosTarget = 'postgres' | 'rabbitmq' | 'kafka' | 'smtp' | ServiceName;

/** One Toxiproxy proxy: the hop from one app to one target (docs/chaos.md has the table). */
export type ChaosProxy = Readonly<{
  /** `<app>.<target>`, e.g. `order-service.postgres`: the name toxics are put on. */
  name: string;
  app: ServiceName;
  target: ChaosTarget;
  /** Where the app connects instead of the target. */
  listenPort: number;
  /** The target's port: its usual one, or for Kafka the broker listener kept for this app. */
  upstreamPort: number;
}>;

/** Which hops each app has. payment-provider calls nobody, so it has none. */
const HOPS: Readonly<Record<ServiceName, readonly ChaosTarget[]>> = {
  'order-service': ['postgres', 'rabbitmq', 'kafka', 'inventory-service'],
  'inventory-service': ['postgres', 'rabbitmq', 'kafka'],
  'payment-service': ['postgres', 'rabbitmq', 'kafka', 'payment-provider'],
  'email-service': ['postgres', 'rabbitmq', 'smtp'],
  'analytics-service': [
    'postgres',
    'kafka',
    'order-service',
    'payment-service',
    'payment-provider',
    'inventory-service',
  ],
  'realtime-gateway': ['rabbitmq', 'order-service'],
  'payment-provider': [],
};

const SERVER_PORTS = { postgres: 5432, rabbitmq: 5672, kafka: 9092, smtp: 1025 } as const;

/** The app's digit: order-service is 1 (port 3001) ... payment-provider 7 (3007). */
const appDigit = (app: ServiceName): number => SERVICES[app].port - 3000;

const targetPort = (target: ChaosTarget): number =>
  target in SERVER_PORTS
    ? SERVER_PORTS[target as keyof typeof SERVER_PORTS]
    : SERVICES[target as ServiceName].port;

/**
 * Kafka tells a client which address to use next (the advertised listener), so each app's Kafka
 * proxy needs a broker listener of its own that advertises that proxy: 1910<digit>, configured
 * in infra/local/kafka/server.properties and docker-compose.yml.
 */
export const kafkaChaosListenerPort = (app: ServiceName): number => 19_100 + appDigit(app);

/**
 * Listen ports read as `2 <app digit> <last three digits of the target's port>`:
 * 21432 is order-service -> PostgreSQL (5432), 23007 payment-service -> payment-provider (3007).
 */
export const CHAOS_PROXIES: readonly ChaosProxy[] = Object.entries(HOPS).flatMap(([app, targets]) =>
  targets.map((target) => ({
    name: `${app}.${target}`,
    app: app as ServiceName,
    target,
    listenPort: 20_000 + appDigit(app as ServiceName) * 1_000 + (targetPort(target) % 1_000),
    upstreamPort:
      target === 'kafka' ? kafkaChaosListenerPort(app as ServiceName) : targetPort(target),
  })),
);

/** The proxy an app uses to reach a target; throws when the layout has no such hop. */
export const chaosProxy = (app: ServiceName, target: ChaosTarget): ChaosProxy => {
  const proxy = CHAOS_PROXIES.find((p) => p.app === app && p.target === target);
  if (!proxy) throw new Error(`chaos mode has no proxy from ${app} to ${target}`);
  return proxy;
};

/** The Toxiproxy API of the native stack (infra/local/up toxiproxy). */
export const TOXIPROXY_URL = 'http://127.0.0.1:8474';

/** The layout as Toxiproxy's `/populate` body (or its `-config` file) for the given hosts. */
export const toxiproxyConfig = (
  listenHost = '127.0.0.1',
  upstreamHost: (target: ChaosTarget) => string = () => '127.0.0.1',
) =>
  CHAOS_PROXIES.map((proxy) => ({
    name: proxy.name,
    listen: `${listenHost}:${proxy.listenPort}`,
    upstream: `${upstreamHost(proxy.target)}:${proxy.upstreamPort}`,
    enabled: true,
  }));
