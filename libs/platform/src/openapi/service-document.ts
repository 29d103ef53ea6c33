import { z } from 'zod';
import type { AppName } from '@pattern-shop/contracts';
import { answer } from './openapi-schemas.js';

/** The schemes a guarded endpoint names; each is `Authorization: Bearer <token>`. */
export const SECURITY_SCHEMES = {
  operatorToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator token (OPERATOR_TOKEN): people at the console or a CLI.',
  },
  serviceToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'The service token (SERVICE_TOKEN): one service reading another.',
  },
  customerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A customer token: order-service's POST /sessions/guest, /sessions or /customers answers one.",
  },
  orderToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "An order token: the accessToken of POST /orders' answer, for that order only.",
  },
} as const;

/** Spread into an operation: a customer token. */
export const customerOnly = { security: [{ customerToken: [] }] };

const probeReport = z.record(z.string(), z.object({ status: z.string() }).catchall(z.unknown()));
const readiness = z.object({
  status: z.enum(['ok', 'error', 'shutting_down']),
  info: probeReport.optional(),
  error: probeReport.optional(),
  details: probeReport,
});

/** GET /health/live, /health/ready and /metrics: libs/platform serves them in every app. */
export const platformPaths = {
  '/health/live': {
    get: {
      summary: 'The process runs and serves HTTP (restart it if not)',
      tags: ['platform'],
      responses: { '200': answer('alive', z.strictObject({ status: z.literal('ok') })) },
    },
  },
  '/health/ready': {
    get: {
      summary: 'Every dependency answers (send traffic only then); 503 names the one that does not',
      tags: ['platform'],
      responses: {
        '200': answer('ready', readiness),
        '503': answer('not ready: the report names the dependency that failed', readiness),
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      tags: ['platform'],
      responses: {
        '200': {
          description: 'Prometheus text format 0.0.4',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
} as const;

export type ServiceDocumentParts = Readonly<{
  app: AppName;
  description: string;
  paths: Readonly<Record<string, unknown>>;
}>;

/** The OpenAPI 3.1 document a service serves at /docs-json (and renders at /docs). */
export const serviceDocument = ({ app, description, paths }: ServiceDocumentParts) => ({
  openapi: '3.1.0',
  info: { title: `Pattern Shop ${app}`, version: '1', description },
  components: { securitySchemes: SECURITY_SCHEMES },
  paths: { ...paths, ...platformPaths },
});
