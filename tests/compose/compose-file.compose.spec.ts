// docker-compose.yml as the real Docker Compose reads it, every profile: tools/compose-check holds
// the file to DESIGN.md with a parser of our own; this holds it to Compose itself.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@pattern-shop/testing';
import { DOCKER, run, runOk } from './support/docker-cli.js';

const CORE = [
  'postgres',
  'rabbitmq',
  'kafka',
  // One-shot: creates Kafka's users and ACLs, then exits (docs/security.md).
  'kafka-identities',
  // One-shot: moves queues an older tree declared to the current topology, then exits.
  'rabbitmq-migrate',
  'maildev',
  'order-service',
  'inventory-service',
  'payment-service',
  'email-service',
  'analytics-service',
  'realtime-gateway',
  'payment-provider',
  'web',
];
const OBSERVABILITY = ['prometheus', 'jaeger', 'grafana'];

const services = async (...args: string[]): Promise<string[]> =>
  (await runOk(DOCKER, ['compose', ...args, 'config', '--services'], { timeoutMs: 60_000 }))
    .trim()
    .split('\n')
    .sort();

describe('docker-compose.yml, read by Docker Compose', () => {
  beforeAll(async () => {
    // The engine and Compose only (built once per machine, ~3 min the first time).
    await runOk(join(repoRoot(), 'infra/docker/setup'), ['engine'], { timeoutMs: 600_000 });
  }, 610_000);

  it('given no profile, when Compose reads the file, then it accepts it and starts the core: the eight apps, the three servers, the two one-shots (Kafka’s identities, RabbitMQ’s migration) and the SMTP sink', async () => {
    expect(await services()).toEqual([...CORE].sort());
  });

  it('given the observability profile, when Compose reads the file, then Prometheus, Jaeger and Grafana come with the core', async () => {
    expect(await services('--profile', 'observability')).toEqual(
      [...CORE, ...OBSERVABILITY].sort(),
    );
  });

  it("given chaos mode's env file, when Compose reads the file, then the chaos profile adds Toxiproxy and every app's address goes through it", async () => {
    const args = ['--env-file', 'infra/docker/chaos.env'];

    expect(await services(...args)).toEqual([...CORE, 'toxiproxy'].sort());
    const merged = await runOk(DOCKER, ['compose', ...args, 'config', 'order-service'], {
      timeoutMs: 60_000,
    });
    expect(merged).toMatch(/DATABASE_URL: postgres:\/\/order_service:[^@]+@toxiproxy:\d+\/orders/);
  });

  it('given every profile at once, when Compose reads the file, then it accepts it', async () => {
    expect(await services('--profile', '*')).toEqual(
      [...CORE, ...OBSERVABILITY, 'toxiproxy'].sort(),
    );
  });

  it('given the published ports, when Compose reads the file, then each is bound to loopback only', async () => {
    const merged = JSON.parse(
      await runOk(DOCKER, ['compose', '--profile', '*', 'config', '--format', 'json'], {
        timeoutMs: 60_000,
      }),
    ) as { services: Record<string, { ports?: { host_ip?: string; published?: string }[] }> };
    const published = Object.entries(merged.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => `${name} ${port.host_ip ?? '*'}:${port.published}`),
    );

    expect(published.length).toBeGreaterThan(10);
    expect(published.filter((entry) => !entry.includes(' 127.0.0.1:'))).toEqual([]);
  });

  it('given a misspelled key, when Compose reads the file, then it refuses it and names the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-typo-'));
    const file = join(dir, 'docker-compose.yml');
    writeFileSync(
      file,
      readFileSync(join(repoRoot(), 'docker-compose.yml'), 'utf8').replace(
        '    hostname: rabbitmq\n',
        '    hostnam: rabbitmq\n',
      ),
    );

    const result = await run(
      DOCKER,
      ['compose', '-f', file, '--project-directory', repoRoot(), 'config', '-q'],
      { timeoutMs: 60_000 },
    );

    expect(result.code).not.toBe(0);
    expect(result.output).toContain('hostnam');
  });
});
