// docker-compose.yml is how learners start the whole system; these checks keep it true to
// DESIGN.md (names and ports) and to the promise of `docker compose up`: every app is built from
// the shared Dockerfile, and nothing starts before what it needs is healthy.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  appFolders,
  buildArgs,
  dependencies,
  environment,
  healthcheckCommand,
  loadComposeFile,
  portMappings,
  repoRoot,
  requireService,
} from './compose-file.js';
import { APP_NAMES, APP_PORTS, INFRA_PORTS } from './design-contract.js';

const compose = loadComposeFile();
const serviceNames = Object.keys(compose.services);

/** Containers that run once and exit (e.g. kafka-identities): waited for until they succeed. */
const oneShots = Object.keys(compose.services).filter((name) =>
  Object.values(compose.services).some((service) =>
    dependencies(service).some(
      ([dependency, condition]) =>
        dependency === name && condition === 'service_completed_successfully',
    ),
  ),
);

describe('docker-compose.yml', () => {
  it('given the folders under apps/, when compose starts the system, then each app has a service of the same name', () => {
    const apps = appFolders();

    expect(apps.length).toBeGreaterThan(0);
    expect(apps.filter((app) => !serviceNames.includes(app))).toEqual([]);
  });

  it.each(APP_NAMES)(
    'given %s in DESIGN.md, when started, then it listens on its port and publishes it on the host',
    (app) => {
      const service = requireService(compose, app);
      const port = APP_PORTS[app];

      expect(portMappings(service)).toContainEqual({ host: port, container: port });
      expect(environment(service).PORT).toBe(String(port));
    },
  );

  it.each(APP_NAMES)(
    'given %s, when built, then it uses infra/docker/Dockerfile with APP set to its name',
    (app) => {
      const service = requireService(compose, app);
      const { context = '.', dockerfile = 'Dockerfile' } = service.build ?? {};
      const dockerfilePath = path.resolve(repoRoot, context, dockerfile);

      expect(path.relative(repoRoot, dockerfilePath)).toBe(
        path.join('infra', 'docker', 'Dockerfile'),
      );
      expect(existsSync(dockerfilePath)).toBe(true);
      expect(buildArgs(service).APP).toBe(app);
    },
  );

  it('given every service, infrastructure included, then each declares a healthcheck', () => {
    const unchecked = serviceNames.filter(
      (name) =>
        !oneShots.includes(name) && healthcheckCommand(requireService(compose, name)) === undefined,
    );

    expect(unchecked).toEqual([]);
  });

  it.each(APP_NAMES)(
    'given %s, when compose asks whether it is healthy, then it asks GET /health/ready',
    (app) => {
      expect(healthcheckCommand(requireService(compose, app))).toContain('/health/ready');
    },
  );

  it.each(APP_NAMES)(
    'given %s waits for other services, then each one exists and must be healthy first',
    (app) => {
      const waits = dependencies(requireService(compose, app));

      expect(waits.filter(([name]) => !serviceNames.includes(name))).toEqual([]);
      expect(
        waits.filter(([name, condition]) =>
          oneShots.includes(name)
            ? condition !== 'service_completed_successfully'
            : condition !== 'service_healthy',
        ),
      ).toEqual([]);
    },
  );

  it('given the infrastructure ports of DESIGN.md, then each one is published on the host', () => {
    const published = Object.values(compose.services).flatMap((service) =>
      portMappings(service).map(({ host }) => host),
    );

    expect(INFRA_PORTS.filter((port) => !published.includes(port))).toEqual([]);
  });
});
