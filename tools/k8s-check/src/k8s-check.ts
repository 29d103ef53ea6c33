// Validates a kustomization folder (k8s/) strictly: the set `kustomize build` renders, and every
// manifest file in the folder, each document against the schema of its kind and API version, by
// kubeconform with unknown fields refused. A kind without a schema is a finding, never a pass.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSchemas, schemaLocation } from './schema-store.js';

export interface Toolchain {
  readonly kubeconform: string;
  readonly kustomize: string;
  readonly schemasDir: string;
}

export interface Finding {
  /** `kustomize build` for the rendered set, else the file's path below the folder. */
  readonly source: string;
  readonly kind: string;
  readonly name: string;
  readonly problem: string;
}

const INSTALL_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'install');
const RENDERED = 'kustomize build';

/** Installs the tools and schemas on first use (progress on stderr); later calls read a stamp. */
export function ensureToolchain(): Toolchain {
  const output = execFileSync(INSTALL_SCRIPT, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const installDir = output.trim().split('\n').at(-1) ?? '';
  return {
    kubeconform: join(installDir, 'bin', 'kubeconform'),
    kustomize: join(installDir, 'bin', 'kustomize'),
    schemasDir: ensureSchemas(installDir),
  };
}

/** `kustomize build folder`, the set `kubectl apply -k folder` would send. */
export function render(tools: Toolchain, folder: string): string {
  const run = spawnSync(tools.kustomize, ['build', folder], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`kustomize build ${folder} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

/** Every problem found in `folder`'s rendered set and in its own manifest files. */
export function checkManifests(tools: Toolchain, folder: string): Finding[] {
  const files = manifestFiles(folder);
  return [
    ...kubeconform(tools, ['-'], render(tools, folder), () => RENDERED),
    ...kubeconform(tools, files, '', (file) => relative(folder, file)),
  ];
}

/** The YAML files below `folder` that hold resources (the kustomization is kustomize's own). */
export function manifestFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.ya?ml$/.test(path) && !/(^|\/)kustomization\.ya?ml$/.test(path))
    .map((path) => join(folder, path))
    .sort();
}

interface KubeconformResource {
  filename: string;
  kind: string;
  name: string;
  status: string;
  msg: string;
}

function kubeconform(
  tools: Toolchain,
  inputs: string[],
  stdin: string,
  sourceOf: (filename: string) => string,
): Finding[] {
  const args = ['-strict', '-output', 'json', '-schema-location', schemaLocation(tools.schemasDir)];
  const run = spawnSync(tools.kubeconform, [...args, ...inputs], {
    encoding: 'utf8',
    input: stdin,
  });
  if (run.error !== undefined || run.stdout.trim() === '') {
    throw new Error(`kubeconform did not run: ${run.error?.message ?? run.stderr}`);
  }
  const report = JSON.parse(run.stdout) as { resources: KubeconformResource[] };
  const findings = report.resources
    .filter(({ status }) => status !== 'statusValid')
    .flatMap((resource) =>
      problemsIn(resource.msg).map((problem) => ({
        source: sourceOf(resource.filename),
        kind: resource.kind,
        name: resource.name,
        problem,
      })),
    );
  if (run.status !== 0 && findings.length === 0)
    throw new Error(`kubeconform failed: ${run.stderr}`);
  return findings;
}

const PREAMBLE =
  /^problem validating schema\. Check JSON formatting: jsonschema validation failed with '[^']*' - /;

/** One line per field at fault, from kubeconform's message (its preamble and "validation failed" parents dropped). */
const problemsIn = (message: string): string[] => {
  const problems = message
    .replace(PREAMBLE, '')
    .split(/\s+- (?=at ')/)
    .map((line) => line.trim())
    .filter((line) => !line.endsWith(': validation failed'));
  return problems.length > 0 ? problems : [message];
};
