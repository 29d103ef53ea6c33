import { describe, expect, it } from '@jest/globals';
import { standalone, tighten } from './src/strict-schema.js';

const crd = { structural: true };
const core = { structural: false };

describe('tighten: a schema closed to unknown fields, as Kubernetes strict field validation is', () => {
  it('given an object with properties, then unknown fields are refused at every level', () => {
    const schema = tighten(
      {
        type: 'object',
        properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } },
      },
      core,
    );
    expect(schema).toMatchObject({
      additionalProperties: false,
      properties: { spec: { additionalProperties: false } },
    });
  });

  it('given x-kubernetes-preserve-unknown-fields, then that object keeps unknown fields', () => {
    const schema = tighten(
      {
        type: 'object',
        properties: { config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
      crd,
    );
    expect(schema['properties']).toEqual({
      config: { type: ['object', 'null'], 'x-kubernetes-preserve-unknown-fields': true },
    });
  });

  it('given a map (additionalProperties set), then its keys stay free and its values are tightened', () => {
    const values = { type: 'object', properties: { key: { type: 'string' } } };
    const schema = tighten({ type: 'object', additionalProperties: values }, crd);
    expect(schema['additionalProperties']).toMatchObject({ additionalProperties: false });
  });

  it('given a CRD object with no declared fields, then it keeps none; in the core spec it stays open', () => {
    expect(tighten({ type: 'object' }, crd)).toEqual({
      type: 'object',
      additionalProperties: false,
    });
    expect(tighten({ type: 'object' }, core)).toEqual({ type: 'object' });
  });

  it('given an int-or-string field, then both a number and a string are its type', () => {
    expect(tighten({ 'x-kubernetes-int-or-string': true }, crd)).toMatchObject({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(tighten({ type: 'string', format: 'int-or-string' }, core)).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
  });

  it('given a required field, then null is refused there, while an optional one takes null as "not set"', () => {
    const schema = tighten(
      {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, note: { type: 'string' } },
      },
      core,
    );
    expect(schema['properties']).toEqual({
      name: { type: 'string' },
      note: { type: ['string', 'null'] },
    });
  });
});

describe('standalone: one file with the definitions a schema reaches', () => {
  it('given references, then only the reachable definitions are carried, tightened', () => {
    const definitions = {
      Spec: { type: 'object', properties: { template: { $ref: '#/definitions/Template' } } },
      Template: { type: 'object', properties: { labels: { type: 'string' } } },
      Unrelated: { type: 'object', properties: {} },
    };
    const schema = standalone(
      { type: 'object', properties: { spec: { $ref: '#/definitions/Spec' } } },
      definitions,
      core,
    );
    expect(Object.keys(schema['definitions'] as object)).toEqual(['Spec', 'Template']);
    expect(schema['definitions']).toMatchObject({ Template: { additionalProperties: false } });
  });
});
