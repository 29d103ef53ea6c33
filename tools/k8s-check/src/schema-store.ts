// Writes the JSON schemas kubeconform reads, one file per kind and API version, from the sources
// tools/k8s-check/install gathered: the Kubernetes OpenAPI spec and the operators' CRDs.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Schema, standalone, tighten } from './strict-schema.js';

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * Where kubeconform finds the schema of a kind: `{{ .Group }}` is the API group, or `v1` for the
 * core group (kubeconform names it by its version), `{{ .ResourceAPIVersion }}` the version.
 */
export const schemaLocation = (schemasDir: string): string =>
  join(schemasDir, '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json');

const schemaFile = (schemasDir: string, { group, version, kind }: GroupVersionKind): string =>
  join(schemasDir, group === '' ? version : group, `${kind.toLowerCase()}_${version}.json`);

/** The schemas folder for the installed sources, generated once per sources and generator. */
export function ensureSchemas(installDir: string): string {
  const schemasDir = join(installDir, 'schemas');
  // The generator's own code is in the stamp, so a change to it regenerates the schemas.
  const stamp = createHash('sha256')
    .update(readFileSync(join(installDir, 'versions')))
    .update(tighten.toString() + standalone.toString() + generateSchemas.toString())
    .digest('hex');
  try {
    if (readFileSync(join(schemasDir, 'stamp'), 'utf8') === stamp) return schemasDir;
  } catch {
    // Not generated yet.
  }
  const building = `${schemasDir}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  generateSchemas(join(installDir, 'sources'), building);
  writeFileSync(join(building, 'stamp'), stamp);
  rmSync(schemasDir, { recursive: true, force: true });
  renameSync(building, schemasDir);
  return schemasDir;
}

function generateSchemas(sourcesDir: string, schemasDir: string): void {
  const swagger = JSON.parse(readFileSync(join(sourcesDir, 'kubernetes-swagger.json'), 'utf8'));
  const definitions: Record<string, Schema> = {
    ...swagger.definitions,
    // Kubernetes reads a quantity written as a number too (`cpu: 1`).
    [QUANTITY]: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  };
  const write = (gvk: GroupVersionKind, schema: Schema): void => {
    const file = schemaFile(schemasDir, gvk);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(schema));
  };
  for (const schema of Object.values(definitions)) {
    const kinds = (schema['x-kubernetes-group-version-kind'] ?? []) as GroupVersionKind[];
    for (const gvk of kinds) write(gvk, standalone(schema, definitions, { structural: false }));
  }
  const crdsDir = join(sourcesDir, 'crds');
  for (const file of readdirSync(crdsDir).filter((name) => name.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(join(crdsDir, file), 'utf8'))) {
      for (const [gvk, schema] of crdVersions(document.toJS())) {
        write(gvk, standalone(schema, definitions, { structural: true }));
      }
    }
  }
}

/** Each served version of a CustomResourceDefinition, its metadata checked as Kubernetes does. */
function crdVersions(crd: Schema | null): [GroupVersionKind, Schema][] {
  if (crd?.['kind'] !== 'CustomResourceDefinition') return [];
  const spec = crd['spec'] as {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
  return spec.versions
    .filter((version) => version.served)
    .map((version) => {
      const schema = version.schema?.openAPIV3Schema ?? {
        'x-kubernetes-preserve-unknown-fields': true,
      };
      const properties = { ...(schema['properties'] as Schema | undefined) };
      properties['metadata'] = { $ref: `#/definitions/${OBJECT_META}` };
      const gvk = { group: spec.group, version: version.name, kind: spec.names.kind };
      return [gvk, { ...schema, properties }];
    });
}
