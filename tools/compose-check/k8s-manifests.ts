import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './compose-file.js';

export const k8sDir = path.join(repoRoot, 'k8s');

type Port = number | string;

type HttpProbe = { httpGet?: { path?: string; port?: Port }; timeoutSeconds?: number };

export type Container = {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name?: string } }[];
  env?: { name: string; value?: string }[];
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
};

export type Manifest = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  // ConfigMap
  data?: Record<string, string>;
  spec?: {
    // Deployment
    template?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: { containers?: Container[] };
    };
    // Service
    selector?: Record<string, string>;
    ports?: { name?: string; port: number; targetPort?: Port }[];
  };
};

/** Every YAML file under k8s/, as paths relative to it. */
export const manifestFiles = (dir = k8sDir): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();

/** A file's documents (`---` separated), with the errors the parser found in each. */
export const parseManifestFile = (file: string) =>
  parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8')).map((document) => ({
    errors: document.errors.map((error) => error.message),
    value: document.toJS() as Manifest | null,
  }));

export const allManifests = (): Manifest[] =>
  manifestFiles()
    .flatMap(parseManifestFile)
    .map(({ value }) => value)
    .filter((value): value is Manifest => value !== null && typeof value === 'object');

/** A probe's or Service's port as a number, looking named ports up in the container. */
export const resolvePort = (port: Port | undefined, container: Container): number | undefined =>
  typeof port === 'number'
    ? port
    : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

export const podLabels = (deployment: Manifest): Record<string, string> =>
  deployment.spec?.template?.metadata?.labels ?? {};

export const containers = (deployment: Manifest): Container[] =>
  deployment.spec?.template?.spec?.containers ?? [];

export const podAnnotations = (deployment: Manifest): Record<string, string> =>
  deployment.spec?.template?.metadata?.annotations ?? {};

/** The variables a container starts with: its ConfigMaps' data, then its own `env` values. */
export const environmentOf = (
  container: Container,
  manifests: readonly Manifest[],
): Record<string, string> => {
  const fromConfigMaps = (container.envFrom ?? []).map(
    ({ configMapRef }) =>
      manifests.find(
        (manifest) =>
          manifest.kind === 'ConfigMap' && manifest.metadata?.name === configMapRef?.name,
      )?.data ?? {},
  );
  const own = (container.env ?? []).flatMap(({ name, value }) =>
    value === undefined ? [] : [[name, value] as const],
  );
  return Object.assign({}, ...fromConfigMaps, Object.fromEntries(own)) as Record<string, string>;
};

export const deploymentNamed = (manifests: readonly Manifest[], name: string): Manifest => {
  const deployment = manifests.find(
    (candidate) => candidate.kind === 'Deployment' && candidate.metadata?.name === name,
  );
  if (!deployment) throw new Error(`k8s/ has no Deployment "${name}"`);
  return deployment;
};
