// k8s/ describes the same system for a cluster. No cluster runs in the tests, so these checks
// read the manifests: they parse, kustomize finds every file, and each app of DESIGN.md runs as a
// Deployment probed on its own port and reachable through a Service.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { READINESS_CHECK_TIMEOUT_MS } from '@pattern-shop/platform';
import { APP_NAMES, APP_PORTS } from './design-contract.js';
import {
  allManifests,
  containers,
  deploymentNamed,
  k8sDir,
  manifestFiles,
  parseManifestFile,
  podLabels,
  resolvePort,
  type Manifest,
} from './k8s-manifests.js';

const manifests = allManifests();
const deployments = manifests.filter((manifest) => manifest.kind === 'Deployment');
const services = manifests.filter((manifest) => manifest.kind === 'Service');
const kustomization = parse(readFileSync(path.join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
  resources?: string[];
};

/** Does the Service pick this Deployment's pods and forward to a port their container opens? */
const serves = (service: Manifest, deployment: Manifest): boolean => {
  const selector = Object.entries(service.spec?.selector ?? {});
  const labels = podLabels(deployment);
  const selectsPods =
    selector.length > 0 && selector.every(([key, value]) => labels[key] === value);
  const opened = containers(deployment).flatMap((container) =>
    (container.ports ?? []).map(({ containerPort }) => containerPort),
  );
  const targets = (service.spec?.ports ?? []).map(({ port, targetPort }) =>
    containers(deployment)
      .map((container) => resolvePort(targetPort ?? port, container))
      .find((resolved) => resolved !== undefined),
  );
  return selectsPods && targets.some((target) => target !== undefined && opened.includes(target));
};

describe('k8s manifests', () => {
  it('given every YAML file under k8s/, then each parses, document by document, without errors', () => {
    const files = manifestFiles();
    const broken = files.flatMap((file) =>
      parseManifestFile(file).flatMap(({ errors }) => errors.map((error) => `${file}: ${error}`)),
    );

    expect(files.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('given kustomization.yaml, when kubectl apply -k k8s runs, then it applies every manifest and only existing ones', () => {
    const listed = kustomization.resources ?? [];
    const isListed = (file: string): boolean =>
      listed.some(
        (resource) => file === resource || file.startsWith(`${resource.replace(/\/$/, '')}/`),
      );
    const manifestsOnDisk = manifestFiles().filter(
      (file) => path.basename(file) !== 'kustomization.yaml',
    );

    expect(listed.filter((resource) => !existsSync(path.join(k8sDir, resource)))).toEqual([]);
    expect(manifestsOnDisk.filter((file) => !isListed(file))).toEqual([]);
  });

  it.each(APP_NAMES)(
    'given %s, then a Deployment runs it, ready on /health/ready and live on /health/live, both on its port',
    (app) => {
      const port = APP_PORTS[app];
      const probes = containers(deploymentNamed(manifests, app)).map((container) => ({
        readiness: {
          path: container.readinessProbe?.httpGet?.path,
          port: resolvePort(container.readinessProbe?.httpGet?.port, container),
        },
        liveness: {
          path: container.livenessProbe?.httpGet?.path,
          port: resolvePort(container.livenessProbe?.httpGet?.port, container),
        },
      }));

      expect(probes).toContainEqual({
        readiness: { path: '/health/ready', port },
        liveness: { path: '/health/live', port },
      });
    },
  );

  it("given every app's readiness probe, then the kubelet waits at least twice as long as one dependency's check, so a hung one is answered 503 in time", () => {
    const waits = APP_NAMES.flatMap((app) =>
      containers(deploymentNamed(manifests, app))
        .filter((container) => container.readinessProbe !== undefined)
        // Kubernetes waits 1 s when timeoutSeconds is left out.
        .map((container) => ({ app, ms: (container.readinessProbe?.timeoutSeconds ?? 1) * 1000 })),
    );

    expect(waits.map(({ app }) => app).sort()).toEqual([...APP_NAMES].sort());
    expect(waits.filter(({ ms }) => ms < 2 * READINESS_CHECK_TIMEOUT_MS)).toEqual([]);
  });

  it('given every Deployment, then a Service selects its pods and forwards to a port they open', () => {
    const unreachable = deployments
      .filter((deployment) => !services.some((service) => serves(service, deployment)))
      .map((deployment) => deployment.metadata?.name);

    expect(deployments.length).toBeGreaterThan(0);
    expect(unreachable).toEqual([]);
  });
});
