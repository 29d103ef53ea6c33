// Chaos mode in compose (docs/chaos.md): the `chaos` profile starts Toxiproxy, and
// infra/docker/chaos.env points each app's addresses at its proxies. These checks keep both in
// step with the layout the native stack uses (libs/testing/src/chaos-proxies.ts).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHAOS_PROXIES, composeChaosEnv, composeToxiproxyJson } from '@pattern-shop/testing';
import {
  environment,
  loadComposeFile,
  portMappings,
  repoRoot,
  requireService,
} from './compose-file.js';

const compose = loadComposeFile();
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const chaosEnv = Object.fromEntries(
  read('infra/docker/chaos.env')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Compose's `${VAR:-default}`, with the given variables set. */
const interpolate = (value: string, vars: Record<string, string>): string =>
  value.replace(/\$\{([A-Z0-9_]+):-([^}]*)\}/g, (_, name: string, fallback: string) =>
    vars[name] === undefined || vars[name] === '' ? fallback : vars[name],
  );

const appEnvironment = (app: string, vars: Record<string, string>) =>
  Object.entries(environment(requireService(compose, app))).map(
    ([key, value]) => [key, interpolate(value, vars)] as const,
  );

const apps = [...new Set(CHAOS_PROXIES.map((proxy) => proxy.app))];

describe('docker-compose.yml: the chaos profile', () => {
  it('given the chaos profile, then Toxiproxy runs the release infra/local builds, with its API on 8474', () => {
    const toxiproxy = requireService(compose, 'toxiproxy') as {
      image?: string;
      profiles?: string[];
    };
    const nativeVersion = /TOXIPROXY_VERSION=v(\S+)/.exec(
      read('infra/local/lib/toxiproxy.sh'),
    )?.[1];

    expect(toxiproxy.profiles).toEqual(['chaos']);
    expect(toxiproxy.image).toBe(`ghcr.io/shopify/toxiproxy:${nativeVersion}`);
    expect(portMappings(requireService(compose, 'toxiproxy'))).toContainEqual({
      host: 8474,
      container: 8474,
    });
    expect(chaosEnv['COMPOSE_PROFILES']).toBe('chaos');
  });

  it('given the chaos layout, then infra/docker/toxiproxy.json and chaos.env are what it writes', () => {
    // On failure: npx tsc -b tools/local-stack && node tools/local-stack/dist/write-chaos-compose-files.js
    expect(read('infra/docker/toxiproxy.json')).toBe(composeToxiproxyJson());
    expect(read('infra/docker/chaos.env')).toBe(composeChaosEnv());
  });

  it.each(apps)('given %s with chaos.env, then each of its hops goes to its own proxy', (app) => {
    const values = appEnvironment(app, chaosEnv)
      .filter(([key]) => key !== 'RABBITMQ_MANAGEMENT_URL') // metrics only, direct (docs/chaos.md)
      .map(([key, value]) => (key === 'SMTP_PORT' ? `toxiproxy:${value}` : value))
      .join(' ');
    const own = CHAOS_PROXIES.filter((proxy) => proxy.app === app);

    for (const proxy of own) expect(values).toContain(`toxiproxy:${proxy.listenPort}`);
    const direct = own.map((proxy) =>
      proxy.target === 'smtp'
        ? 'maildev'
        : `${proxy.target}:${proxy.target === 'kafka' ? 9092 : proxy.upstreamPort}`,
    );
    expect(direct.filter((address) => values.includes(address))).toEqual([]);
  });

  it.each(apps)('given %s without chaos.env, then nothing goes through Toxiproxy', (app) => {
    expect(appEnvironment(app, {}).filter(([, value]) => value.includes('toxiproxy'))).toEqual([]);
  });

  it('given the apps wait for Toxiproxy, then only when it is there: plain `docker compose up` has no such service', () => {
    for (const app of apps) {
      const dependsOn = requireService(compose, app).depends_on as Record<string, object>;
      expect(dependsOn['toxiproxy']).toEqual({ condition: 'service_healthy', required: false });
    }
  });

  it('given each app’s Kafka proxy, then the broker has a listener on its upstream port that advertises the proxy', () => {
    const kafka = environment(requireService(compose, 'kafka'));
    const listeners = kafka['KAFKA_LISTENERS']?.split(',') ?? [];
    const advertised = kafka['KAFKA_ADVERTISED_LISTENERS']?.split(',') ?? [];

    for (const proxy of CHAOS_PROXIES.filter((p) => p.target === 'kafka')) {
      const listener = listeners.find((l) => l.endsWith(`://:${proxy.upstreamPort}`));
      const name = listener?.split(':')[0];
      expect(name).toMatch(/^CHAOS_/);
      expect(advertised).toContain(`${name}://toxiproxy:${proxy.listenPort}`);
    }
  });
});
