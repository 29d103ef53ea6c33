import { z } from 'zod';

/** A JSON Schema as `z.toJSONSchema` renders it: plain JSON, committed as a snapshot. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The JSON Schema of one message version, as committed under `libs/contracts/schema-snapshots`. */
export const renderJsonSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema) as JsonSchema;

/**
 * What a consumer built against `previous` would trip over in messages valid under `current`.
 * Empty means compatible. The only change allowed within a version is a new OPTIONAL property:
 * removing or retyping a property, making it required, or changing any constraint is refused
 * (a widened constraint breaks consumers just as a narrowed one breaks producers).
 * Descriptions are documentation and may change freely.
 */
export const findIncompatibilities = (previous: JsonSchema, current: JsonSchema): string[] =>
  compareNode(previous, current, '$');

const STRUCTURAL = new Set(['properties', 'required', 'items', 'description']);

const compareNode = (previous: JsonSchema, current: JsonSchema, path: string): string[] => {
  const problems = compareKeywords(previous, current, path);
  if (isSchema(previous.items) && isSchema(current.items)) {
    problems.push(...compareNode(previous.items, current.items, `${path}[]`));
  } else if (!jsonEqual(previous.items, current.items)) {
    problems.push(`${path}: array items changed`);
  }
  return [...problems, ...compareProperties(previous, current, path)];
};

/** Every keyword other than the ones walked into must stay exactly as it was. */
const compareKeywords = (previous: JsonSchema, current: JsonSchema, path: string): string[] => {
  const keywords = new Set([...Object.keys(previous), ...Object.keys(current)]);
  return [...keywords]
    .filter((keyword) => !STRUCTURAL.has(keyword))
    .filter((keyword) => !jsonEqual(previous[keyword], current[keyword]))
    .map(
      (keyword) =>
        `${path}: "${keyword}" changed from ${JSON.stringify(previous[keyword])} to ${JSON.stringify(current[keyword])}`,
    );
};

const compareProperties = (previous: JsonSchema, current: JsonSchema, path: string): string[] => {
  const before = propertiesOf(previous);
  const after = propertiesOf(current);
  const requiredBefore = requiredOf(previous);
  const requiredAfter = requiredOf(current);
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(before)) {
    const next = after[name];
    if (next === undefined) problems.push(`${path}.${name}: property removed`);
    else problems.push(...compareNode(schema, next, `${path}.${name}`));
  }
  for (const name of requiredBefore) {
    if (!requiredAfter.has(name) && Object.hasOwn(after, name)) {
      problems.push(`${path}.${name}: property made optional (consumers rely on it)`);
    }
  }
  for (const name of requiredAfter) {
    if (requiredBefore.has(name)) continue;
    problems.push(
      Object.hasOwn(before, name)
        ? `${path}.${name}: property made required`
        : `${path}.${name}: new property is required (add it as optional, or add a new version)`,
    );
  }
  return problems;
};

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const propertiesOf = (schema: JsonSchema): Record<string, JsonSchema> => {
  const properties = schema.properties;
  if (!isSchema(properties)) return {};
  return Object.fromEntries(
    Object.entries(properties).filter((entry): entry is [string, JsonSchema] => isSchema(entry[1])),
  );
};

const requiredOf = (schema: JsonSchema): Set<string> =>
  new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);

/** Key order does not matter in JSON objects; array order does. */
const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (isSchema(a) && isSchema(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => jsonEqual(a[key], b[key]));
  }
  return a === b;
};
