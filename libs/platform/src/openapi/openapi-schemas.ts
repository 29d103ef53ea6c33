import { z } from 'zod';

/**
 * Building blocks of every service's OpenAPI document (served at /docs-json). Each schema is
 * generated from the zod schema the code validates with, so the document cannot drift from the
 * validation.
 */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of a zod schema; `$schema` is left out: OpenAPI 3.1 names the dialect itself. */
export const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
};

/** The RFC 9457 problem every error answers with; extension members (RFC 9457, 3.2) are allowed. */
export const problemDetails = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

/** `content` of a JSON answer (or body) with this shape. */
export const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({
  content: { 'application/json': { schema: jsonSchemaOf(schema, io) } },
});

/** A JSON answer with its description. */
export const answer = (description: string, schema: z.ZodType) => ({
  description,
  ...json(schema),
});

const PROBLEM_MEANING: Readonly<Record<number, string>> = {
  400: 'bad input: every problem is listed; nothing was changed',
  401: 'no valid token for this endpoint',
  403: 'the token does not grant this',
  404: 'not found',
  409: 'conflicts with the current state',
  422: 'understood, but refused',
  429: 'too many requests: a rate limit; see Retry-After',
  503: 'a dependency is unavailable or the service is saturated; see Retry-After',
};

/** Problem answers (`application/problem+json`) for these status codes. */
export const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: `problem details (RFC 9457): ${PROBLEM_MEANING[code] ?? 'refused'}`,
        content: { 'application/problem+json': { schema: jsonSchemaOf(problemDetails) } },
      },
    ]),
  );

/** A request body validated by `schema` (its input side). */
export const requestBody = (schema: z.ZodType) => ({
  required: true,
  ...json(schema, 'input'),
});

/** One parameter per property of a zod object the controller validates a request part with. */
const objectParameters = (
  location: 'query' | 'header',
  schema: z.ZodType,
  required: readonly string[],
) => {
  const shape = jsonSchemaOf(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const mustHave = new Set([...required, ...(shape.required ?? [])]);
  return Object.entries(shape.properties ?? {}).map(([name, schema]) => ({
    name,
    in: location,
    required: mustHave.has(name),
    schema,
  }));
};

/** The query parameters of a zod object the controller validates the query with. */
export const queryParameters = (schema: z.ZodType, required: readonly string[] = []) =>
  objectParameters('query', schema, required);

/** The headers of a zod object the controller validates the headers with. */
export const headerParameters = (schema: z.ZodType) => objectParameters('header', schema, []);

/** A path parameter validated by `schema`. */
export const pathParameter = (name: string, schema: z.ZodType) => ({
  name,
  in: 'path',
  required: true,
  schema: jsonSchemaOf(schema, 'input'),
});

/** A header validated by `schema`. */
export const headerParameter = (
  name: string,
  schema: z.ZodType,
  required: boolean,
  description?: string,
) => ({
  name,
  in: 'header',
  required,
  schema: jsonSchemaOf(schema, 'input'),
  ...(description === undefined ? {} : { description }),
});
