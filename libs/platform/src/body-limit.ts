import type { NestExpressApplication } from '@nestjs/platform-express';
import { problems } from './openapi/openapi-schemas.js';

/**
 * The largest request body any app reads, by default: an order of 50 lines is under 4 kB, so
 * this leaves room for every real request while a client cannot make a service buffer megabytes.
 */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses JSON and form bodies up to `maxBytes`; a larger one is refused with 413 before any
 * handler runs (Nest maps the parser's error, ProblemDetailsFilter answers problem+json).
 */
export const limitRequestBodies = (app: NestExpressApplication, maxBytes: number): void => {
  app.useBodyParser('json', { limit: maxBytes });
  app.useBodyParser('urlencoded', { limit: maxBytes, extended: true });
};

type Operation = Record<string, unknown> & { requestBody?: unknown; responses?: object };
type Document = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };

/** The document with the 413 answer on every operation that takes a body: clients can plan for it. */
export const withBodyLimit = (document: Record<string, unknown>): Record<string, unknown> => {
  const paths = structuredClone((document as Document).paths);
  for (const operations of Object.values(paths))
    for (const operation of Object.values(operations))
      if (operation.requestBody !== undefined)
        operation.responses = { ...operation.responses, ...problems(413) };
  return { ...document, paths };
};
