// Turns Kubernetes OpenAPI schemas into JSON schemas that refuse what Kubernetes' strict field
// validation refuses: an object closes to the fields its schema declares, unless the schema
// keeps unknown fields on purpose (x-kubernetes-preserve-unknown-fields, additionalProperties).

export type Schema = { [keyword: string]: unknown };

export interface Tightening {
  /** CRD schemas are structural: an object with no declared fields keeps none (Kubernetes prunes them). */
  readonly structural: boolean;
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const INT_OR_STRING = [{ type: 'integer' }, { type: 'string' }];

/** A copy of `schema`, closed to unknown fields at every level below its declared properties. */
export function tighten(schema: Schema, how: Tightening): Schema {
  const out: Schema = { ...schema };
  const required = Array.isArray(out['required']) ? (out['required'] as string[]) : [];
  if (isSchema(out['properties'])) {
    out['properties'] = Object.fromEntries(
      Object.entries(out['properties']).map(([name, property]) => [
        name,
        isSchema(property) ? optional(tighten(property, how), required.includes(name)) : property,
      ]),
    );
  }
  if (isSchema(out['items'])) out['items'] = tighten(out['items'], how);
  if (isSchema(out['additionalProperties'])) {
    out['additionalProperties'] = tighten(out['additionalProperties'], how);
  }
  // allOf/anyOf/oneOf/not only add constraints to the fields declared beside them: left as they are.
  if (out['format'] === 'int-or-string' || out['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    delete out['format'];
    if (out['anyOf'] === undefined) out['anyOf'] = INT_OR_STRING;
  }
  if (out['nullable'] === true) out['type'] = withNull(out['type']);
  const keepsUnknown = out['x-kubernetes-preserve-unknown-fields'] === true;
  const declaresFields =
    out['properties'] !== undefined || (how.structural && out['type'] === 'object');
  if (!keepsUnknown && declaresFields && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}

/** Kubernetes takes an explicit null in an optional field as "not set". */
function optional(schema: Schema, required: boolean): Schema {
  if (required || typeof schema['type'] !== 'string') return schema;
  return { ...schema, type: withNull(schema['type']) };
}

function withNull(type: unknown): unknown {
  if (typeof type === 'string') return type === 'null' ? type : [type, 'null'];
  if (Array.isArray(type)) return type.includes('null') ? type : [...type, 'null'];
  return type;
}

/** The names of the definitions `schema` reaches through `#/definitions/...` references. */
export function reachableDefinitions(
  schema: Schema,
  definitions: Readonly<Record<string, Schema>>,
): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isSchema(node)) return;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = ref.slice('#/definitions/'.length);
      const target = definitions[name];
      if (!found.has(name) && target !== undefined) {
        found.add(name);
        visit(target);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  return found;
}

/** One file kubeconform can load on its own: the schema and every definition it references. */
export function standalone(
  schema: Schema,
  definitions: Readonly<Record<string, Schema>>,
  how: Tightening,
): Schema {
  const names = [...reachableDefinitions(schema, definitions)].sort();
  const closure = Object.fromEntries(
    names.map((name) => [name, tighten(definitions[name] ?? {}, { structural: false })]),
  );
  return { ...tighten(schema, how), definitions: closure };
}
