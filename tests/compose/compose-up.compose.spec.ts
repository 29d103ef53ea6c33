// The whole `docker compose up` on a real Docker engine: images built from infra/docker/Dockerfile,
// the infrastructure from the stand-ins of infra/docker/stand-ins (no image registry is reachable
// here; README, With Docker, says where they differ from the official images), every health
// check waited for, and one order placed through the published port, confirmed, mailed and drawn
// by web from the services' traces. Then chaos mode over the same stack (docs/chaos.md): only the
// apps are recreated, on their Toxiproxy proxies, and the same order goes through them.
// It runs beside the native servers: tests/compose/other-ports.yml publishes only what it uses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES } from '@pattern-shop/contracts';
import {
  CHAOS_PROXIES,
  chaosProxy,
  type ProxyConfig,
  repoRoot,
  ToxiproxyClient,
  waitFor,
} from '@pattern-shop/testing';
import { composeProject } from './support/compose-project.js';
import { establishedRemotePorts } from './support/container-sockets.js';
import { runOk } from './support/docker-cli.js';
import {
  completeJourney,
  finalStatus,
  mailSubjects,
  outboxPending,
  placeGuestOrder,
  TOXIPROXY_API,
} from './support/shop-client.js';

const stack = composeProject('pattern-shop-compose-test');
/** Every profile, so that `down` removes Toxiproxy too. */
const EVERY_PROFILE = ['--profile', '*'];

/**
 * One-shot containers, done once they exited 0: kafka-identities creates Kafka's users and ACLs,
 * rabbitmq-migrate moves queues an older tree declared (none on a new volume).
 */
const ONE_SHOTS = ['kafka-identities', 'rabbitmq-migrate'];

const expectAllHealthy = async (globals: readonly string[] = []) => {
  const states = await stack.states(globals);
  const longRunning = states.filter((s) => !ONE_SHOTS.includes(s.Service));
  expect(longRunning.filter((s) => s.State !== 'running' || s.Health !== 'healthy')).toEqual([]);
  const oneShots = states.filter((s) => ONE_SHOTS.includes(s.Service));
  expect(oneShots.map((s) => [s.Service, s.State, s.ExitCode])).toEqual(
    ONE_SHOTS.map((service) => [service, 'exited', 0]),
  );
  return states;
};

describe('docker compose up, on a real engine', () => {
  beforeAll(async () => {
    // Engine, Compose, base images and stand-ins: ~6 min on a new machine, seconds after that.
    await runOk(join(repoRoot(), 'infra/docker/setup'), [], { timeoutMs: 900_000 });
    // A previous run that was killed may have left its containers and volumes.
    await stack.run(['down', '-v', '--remove-orphans'], EVERY_PROFILE);
    await stack.run(['up', '-d', '--build', '--wait', '--wait-timeout', '480'], [], 900_000);
  }, 1_900_000);

  afterAll(async () => {
    await stack.run(['down', '-v', '--remove-orphans'], EVERY_PROFILE);
  }, 130_000);

  it('given the core profile, when it is up, then every container runs and reports healthy', async () => {
    const states = await expectAllHealthy();

    expect(states.map((s) => s.Service).sort()).toEqual(
      [
        'analytics-service',
        'email-service',
        'inventory-service',
        'kafka',
        'kafka-identities',
        'maildev',
        'order-service',
        'payment-provider',
        'payment-service',
        'postgres',
        'rabbitmq',
        'rabbitmq-migrate',
        'realtime-gateway',
        'web',
      ].sort(),
    );
  });

  it('given the published order API, when a guest places an order, then it is confirmed, the guest is mailed, and web draws its journey from the traces every service sent it', async () => {
    const order = await placeGuestOrder();
    expect(order.status).toBe(202);

    expect(await finalStatus(order)).toBe('CONFIRMED');
    expect(await mailSubjects(order)).toEqual([`Your order ${order.orderId} is confirmed`]);
    // Each hop drawn from spans the apps sent to web:4318 over the compose network (x-app-env).
    await completeJourney(order);
  }, 200_000); // its three waits take up to 60 s each on a busy machine; Jest's default is 5 s

  describe('then chaos mode over the same stack', () => {
    const CHAOS_ENV = ['--env-file', 'infra/docker/chaos.env'];
    const PROXIED_APPS = [...new Set(CHAOS_PROXIES.map((proxy) => proxy.app))].sort();
    /** Where an app must never connect in chaos mode: a server, a Kafka listener, another app. */
    const DIRECT_PORTS = [
      5432,
      5672,
      1025,
      9092,
      19092,
      ...CHAOS_PROXIES.filter((p) => p.target === 'kafka').map((p) => p.upstreamPort),
      ...Object.values(SERVICES).map((service) => service.port),
    ];
    const toxiproxy = new ToxiproxyClient(TOXIPROXY_API);
    // Toxiproxy reports the address it bound, e.g. [::]:21432 for 0.0.0.0:21432: ports compare.
    const proxyLine = (p: ProxyConfig & { toxics?: readonly unknown[] }) =>
      `${p.name} :${p.listen.split(':').at(-1)} -> ${p.upstream}` +
      `${p.enabled === false ? ' disabled' : ''}${(p.toxics?.length ?? 0) > 0 ? ' toxic' : ''}`;
    let coreContainers: Map<string, string>;

    beforeAll(async () => {
      coreContainers = new Map((await stack.states()).map((s) => [s.Service, s.ID]));
      await stack.run(['up', '-d', '--wait', '--wait-timeout', '300'], CHAOS_ENV, 400_000);
    }, 410_000);

    it('given chaos.env, when the running stack is brought up with it, then Toxiproxy is healthy with every proxy of toxiproxy.json and no toxic, and only the apps that use proxies were recreated', async () => {
      const states = await expectAllHealthy(CHAOS_ENV);

      expect(states.map((s) => s.Service)).toContain('toxiproxy');
      const recreated = states
        .filter((s) => coreContainers.has(s.Service) && coreContainers.get(s.Service) !== s.ID)
        .map((s) => s.Service);
      expect(recreated.sort()).toEqual(PROXIED_APPS);
      const config = JSON.parse(
        readFileSync(join(repoRoot(), 'infra/docker/toxiproxy.json'), 'utf8'),
      ) as ProxyConfig[];
      expect(
        Object.values(await toxiproxy.listProxies())
          .map(proxyLine)
          .sort(),
      ).toEqual(config.map(proxyLine).sort());
    });

    it('given no toxics, when a guest places an order, then it is confirmed, mailed and drawn, with every app connected only to its proxies', async () => {
      const order = await placeGuestOrder();
      expect(order.status).toBe(202);

      expect(await finalStatus(order)).toBe('CONFIRMED');
      expect(await mailSubjects(order)).toEqual([`Your order ${order.orderId} is confirmed`]);
      // Its Kafka hop: order-service published through toxiproxy:21092, the listener the broker
      // advertises to it, and analytics-service read through toxiproxy:25092.
      await completeJourney(order);
      // What the apps are really connected to, read in each container's own network namespace.
      for (const app of PROXIED_APPS) {
        const ports = establishedRemotePorts(
          await stack.read(app, '/proc/net/tcp', '/proc/net/tcp6'),
        );
        const own = CHAOS_PROXIES.filter(
          (p) => p.app === app && ['postgres', 'rabbitmq', 'kafka'].includes(p.target),
        ).map((p) => p.listenPort);
        expect({
          app,
          direct: DIRECT_PORTS.filter((p) => ports.has(p)),
          ownMissing: own.filter((p) => !ports.has(p)),
        }).toEqual({ app, direct: [], ownMissing: [] });
      }
    }, 200_000);

    it("given order-service's Kafka proxy disabled, when guests order, then each gets 202 and is confirmed while the outbox holds their facts for Kafka; enabled again, the outbox drains", async () => {
      const kafkaProxy = chaosProxy('order-service', 'kafka').name;
      await waitFor('an empty outbox', async () =>
        (await outboxPending()) === 0 ? true : undefined,
      );

      await toxiproxy.setEnabled(kafkaProxy, false);
      try {
        const orders = [await placeGuestOrder(), await placeGuestOrder(), await placeGuestOrder()];
        expect(orders.map((o) => o.status)).toEqual([202, 202, 202]);
        // The saga runs on RabbitMQ; each order's OrderPlaced and OrderConfirmed wait for Kafka.
        expect(await Promise.all(orders.map(finalStatus))).toEqual(orders.map(() => 'CONFIRMED'));
        expect(await outboxPending()).toBeGreaterThanOrEqual(2 * orders.length);
      } finally {
        await toxiproxy.setEnabled(kafkaProxy, true);
      }

      await waitFor(
        'the outbox to drain through the proxy',
        async () => ((await outboxPending()) === 0 ? true : undefined),
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    }, 200_000);
  });
});
