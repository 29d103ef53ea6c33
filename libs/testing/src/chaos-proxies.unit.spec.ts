import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES, SERVICES } from '@pattern-shop/contracts';
import { CHAOS_PROXIES, chaosProxy, kafkaChaosListenerPort } from './chaos-proxies.js';
import { localEnvironment } from './local-environment.js';

/** Every host:port an app's environment names, apart from its own port. */
const addresses = (env: Record<string, string>): string[] =>
  Object.entries(env)
    .filter(([key]) => key !== 'PORT')
    .flatMap(([key, value]) =>
      key === 'SMTP_PORT'
        ? [`127.0.0.1:${value}`]
        : [...value.matchAll(/127\.0\.0\.1:\d+/g)].map(String),
    );

describe('the chaos-mode proxy layout', () => {
  it('given every hop, then each proxy has its own listen port, clear of the servers and apps', () => {
    const ports = CHAOS_PROXIES.map((proxy) => proxy.listenPort);
    const taken = [5432, 5672, 15672, 9092, 9093, 1025, 1080, 8474, 9090, 3000, 4318, 8080];

    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.filter((port) => taken.includes(port) || (port > 3000 && port < 3008))).toEqual(
      [],
    );
  });

  it('given the port scheme, then 2<app digit><target port’s last three digits> names the hop', () => {
    expect(chaosProxy('order-service', 'postgres')).toMatchObject({
      name: 'order-service.postgres',
      listenPort: 21432,
      upstreamPort: 5432,
    });
    expect(chaosProxy('payment-service', 'payment-provider').listenPort).toBe(23007);
    // Kafka's upstream is the broker listener that advertises this very proxy.
    expect(chaosProxy('analytics-service', 'kafka')).toMatchObject({
      listenPort: 25092,
      upstreamPort: kafkaChaosListenerPort('analytics-service'),
    });
  });

  it('given a hop the layout does not have, then asking for it fails naming it', () => {
    expect(() => chaosProxy('payment-provider', 'postgres')).toThrow(
      'chaos mode has no proxy from payment-provider to postgres',
    );
  });

  it.each(SERVICE_NAMES)(
    'given %s in chaos mode, then every address it is given is one of its own proxies',
    (app) => {
      const own = CHAOS_PROXIES.filter((proxy) => proxy.app === app).map(
        (proxy) => `127.0.0.1:${proxy.listenPort}`,
      );
      const used = addresses(localEnvironment(app, { chaos: true })).filter(
        // The management API is polled for metrics only and stays direct (docs/chaos.md).
        (address) => address !== '127.0.0.1:15672',
      );

      expect(used.filter((address) => !own.includes(address))).toEqual([]);
      expect([...new Set(used)].sort()).toEqual([...own].sort());
    },
  );

  it.each(SERVICE_NAMES)('given %s in normal mode, then no address goes through a proxy', (app) => {
    const proxied = CHAOS_PROXIES.map((proxy) => `127.0.0.1:${proxy.listenPort}`);

    expect(addresses(localEnvironment(app)).filter((a) => proxied.includes(a))).toEqual([]);
    expect(localEnvironment(app).PORT).toBe(String(SERVICES[app].port));
  });
});
