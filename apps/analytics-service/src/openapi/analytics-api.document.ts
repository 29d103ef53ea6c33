import { z } from 'zod';
import {
  answer,
  jsonSchemaOf,
  pathParameter,
  problems,
  queryParameters,
  serviceDocument,
} from '@pattern-shop/platform';
import { BATCH_JOBS } from '../batch-jobs/batch-job.js';
import { findingsQuery, runsQuery } from '../batch-jobs/batch-jobs.http.controller.js';
import { dateParam, formatQuery } from '../daily-sales-report/sales-report.http.controller.js';
import { funnelQuery, salesQuery, topProductsQuery } from '../query-projections/analytics-query.js';

// The answers' shapes (persistence/projections/projection-queries.ts, persistence/job-runs.ts).
const isoOrNull = z.string().nullable();
const sales = z.strictObject({
  from: z.string(),
  to: z.string(),
  ordersPlaced: z.number().int(),
  revenueCents: z.number().int(),
  refundedCents: z.number().int(),
  ordersPerMinute: z.array(z.strictObject({ minute: isoOrNull, orders: z.number().int() })),
  revenuePerDay: z.array(
    z.strictObject({
      day: isoOrNull,
      confirmedOrders: z.number().int(),
      revenueCents: z.number().int(),
      refundedCents: z.number().int(),
    }),
  ),
});
const funnel = z.strictObject({
  from: isoOrNull,
  to: isoOrNull,
  placed: z.number().int(),
  confirmed: z.number().int(),
  cancelled: z.number().int(),
  confirmationRate: z.number().nullable(),
});
const topProducts = z.strictObject({
  from: isoOrNull,
  to: isoOrNull,
  by: z.enum(['quantity', 'revenue']),
  items: z.array(
    z.strictObject({ sku: z.string(), quantity: z.number(), revenueCents: z.number() }),
  ),
});
const jobRun = z.looseObject({
  id: z.string(),
  job: z.enum(BATCH_JOBS),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
const finding = z.looseObject({ kind: z.string(), runId: z.string() });
const operatorRead = (summary: string, parameters: unknown[], body: z.ZodType) => ({
  get: {
    summary,
    parameters,
    responses: { '200': answer('the answer', body), ...problems(400, 401) },
  },
});
const projectionRead = (summary: string, parameters: unknown[], body: z.ZodType) => ({
  get: { summary, parameters, responses: { '200': answer('the answer', body), ...problems(400) } },
});

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const analyticsApiDocument = () =>
  serviceDocument({
    app: 'analytics-service',
    description:
      'Projections built from the Kafka streams (pattern 4) and the nightly jobs (pattern 7): ' +
      'sales, funnel and top products; the daily sales report; job runs and reconciliation findings.',
    paths: {
      '/analytics/sales': projectionRead(
        'Orders per minute and revenue per day in [from, to) (at most 31 days)',
        queryParameters(salesQuery),
        sales,
      ),
      '/analytics/funnel': projectionRead(
        'Placed, confirmed and cancelled orders (all time without from/to)',
        queryParameters(funnelQuery),
        funnel,
      ),
      '/analytics/top-products': projectionRead(
        'Products of confirmed orders, by quantity or revenue',
        queryParameters(topProductsQuery),
        topProducts,
      ),
      '/reports/daily/{date}': {
        get: {
          summary: "The day's sales report as the nightly job wrote it (JSON, CSV or Markdown)",
          parameters: [pathParameter('date', dateParam), ...queryParameters(formatQuery)],
          responses: {
            '200': {
              description: 'the report; ?format= wins, else the Accept header, else JSON',
              content: {
                'application/json': { schema: jsonSchemaOf(z.looseObject({})) },
                'text/csv': { schema: { type: 'string' } },
                'text/markdown': { schema: { type: 'string' } },
              },
            },
            ...problems(400, 401, 404),
          },
        },
      },
      '/jobs/runs': operatorRead(
        'Batch job runs, newest first; failed ones with their error',
        queryParameters(runsQuery),
        z.strictObject({ items: z.array(jobRun) }),
      ),
      '/reconciliation/findings': operatorRead(
        'Findings of the newest successful reconciliation run of each period in the range',
        queryParameters(findingsQuery),
        z.strictObject({ from: z.string(), to: z.string(), items: z.array(finding) }),
      ),
    },
  });
