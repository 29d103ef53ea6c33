import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { MESSAGE_SCHEMAS, type MessageType, schemaOf, versionsOf } from './catalogue.js';
import {
  findIncompatibilities,
  type JsonSchema,
  renderJsonSchema,
} from './schema-compatibility.js';
import { hasUpcaster } from './upcasters.js';

const SNAPSHOTS = fileURLToPath(new URL('../../schema-snapshots/', import.meta.url));
const UPDATE = process.env['UPDATE_SCHEMA_SNAPSHOTS'] === '1';
const HOW_TO_RECORD =
  'UPDATE_SCHEMA_SNAPSHOTS=1 npm run test:unit -- --testPathPatterns schema-compatibility';

const snapshotFile = (type: string, version: number) => join(SNAPSHOTS, `${type}.v${version}.json`);
const writeSnapshot = (file: string, schema: JsonSchema) => {
  mkdirSync(SNAPSHOTS, { recursive: true });
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
};

/** Compares one version with its committed snapshot; records it only when that is safe. */
const checkSnapshot = (type: MessageType, version: number): string[] => {
  const schema = schemaOf(type, version);
  if (schema === undefined) return [`${type} v${version} is not in MESSAGE_SCHEMAS`];
  const current = renderJsonSchema(schema);
  const file = snapshotFile(type, version);
  if (!existsSync(file)) {
    if (UPDATE) writeSnapshot(file, current);
    else return [`${type} v${version} has no snapshot at ${file}: record it with ${HOW_TO_RECORD}`];
    return [];
  }
  const committed = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  if (isDeepStrictEqual(committed, current)) return [];
  const problems = findIncompatibilities(committed, current);
  if (problems.length > 0) {
    // Never overwritten, not even in update mode: the change needs a new version + upcaster.
    return problems.map(
      (problem) => `${type} v${version} ${problem}: add v${version + 1} with an upcaster instead`,
    );
  }
  if (UPDATE) writeSnapshot(file, current);
  // A compatible change must still be recorded, or a later removal would compare with a stale baseline.
  else return [`${type} v${version} changed compatibly; record it with ${HOW_TO_RECORD}`];
  return [];
};

const everyVersion = Object.keys(MESSAGE_SCHEMAS).flatMap((type) =>
  versionsOf(type as MessageType).map((version) => ({ type: type as MessageType, version })),
);

describe('committed schema snapshots', () => {
  it.each(everyVersion)(
    'given $type v$version, when rendered as JSON Schema, then it matches its snapshot or only added optional properties',
    ({ type, version }) => {
      expect(checkSnapshot(type, version)).toEqual([]);
    },
  );

  it('given the snapshot folder, then every snapshot still has its version in the catalogue (versions are never removed)', () => {
    const known = new Set(everyVersion.map(({ type, version }) => `${type}.v${version}.json`));
    const orphans = readdirSync(SNAPSHOTS).filter(
      (file) => file.endsWith('.json') && !known.has(file),
    );
    expect(orphans).toEqual([]);
  });

  it('given every type, then its versions count up from 1 and each older version has an upcaster to the next', () => {
    const problems = Object.keys(MESSAGE_SCHEMAS).flatMap((name) => {
      const type = name as MessageType;
      const versions = versionsOf(type);
      return versions.flatMap((version, index) => [
        ...(version === index + 1
          ? []
          : [`${type}: versions must be 1..n, found ${versions.join(', ')}`]),
        ...(index === versions.length - 1 || hasUpcaster(type, version)
          ? []
          : [`${type}: no upcaster from v${version} to v${version + 1} in UPCASTERS`]),
      ]);
    });
    expect(problems).toEqual([]);
  });
});

describe('findIncompatibilities', () => {
  const before = renderJsonSchema(
    z.object({
      id: z.string(),
      count: z.number().int(),
      lines: z.array(z.object({ sku: z.string() })),
    }),
  );
  const changedTo = (schema: z.ZodType) => findIncompatibilities(before, renderJsonSchema(schema));
  const lines = z.array(z.object({ sku: z.string() }));

  it('given the same schema or a new optional property, then it is compatible', () => {
    expect(changedTo(z.object({ id: z.string(), count: z.number().int(), lines }))).toEqual([]);
    expect(
      changedTo(
        z.object({ id: z.string(), count: z.number().int(), lines, note: z.string().optional() }),
      ),
    ).toEqual([]);
  });

  it('given a removed property, then it is refused naming it', () => {
    expect(changedTo(z.object({ id: z.string(), lines }))).toEqual(['$.count: property removed']);
  });

  it('given a retyped property, also one nested in an array, then it is refused', () => {
    expect(changedTo(z.object({ id: z.number(), count: z.number().int(), lines }))).toEqual([
      expect.stringMatching(/^\$\.id: "type" changed from "string" to "number"/),
    ]);
    const nested = z.array(z.object({ sku: z.number() }));
    expect(changedTo(z.object({ id: z.string(), count: z.number().int(), lines: nested }))).toEqual(
      [expect.stringMatching(/^\$\.lines\[\]\.sku: "type" changed/)],
    );
  });

  it('given a new required property or an optional one made required, then it is refused', () => {
    const required = z.object({ id: z.string(), count: z.number().int(), lines, note: z.string() });
    expect(changedTo(required)).toEqual([
      expect.stringMatching(/^\$\.note: new property is required/),
    ]);
    const withOptional = renderJsonSchema(required.partial({ note: true }));
    expect(findIncompatibilities(withOptional, renderJsonSchema(required))).toEqual([
      '$.note: property made required',
    ]);
  });

  it('given a required property made optional or a changed constraint, then it is refused', () => {
    expect(
      changedTo(z.object({ id: z.string().optional(), count: z.number().int(), lines })),
    ).toEqual([expect.stringMatching(/^\$\.id: property made optional/)]);
    expect(changedTo(z.object({ id: z.string().min(1), count: z.number().int(), lines }))).toEqual([
      expect.stringMatching(/^\$\.id: "minLength" changed/),
    ]);
  });
});
