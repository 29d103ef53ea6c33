import { reconciliationPageOf, reconciliationPayment } from '@pattern-shop/contracts';
import { answer, problems, queryParameters, serviceDocument } from '@pattern-shop/platform';
import { paymentsQuery } from '../reconciliation/reconciliation.http.controller.js';

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const paymentApiDocument = () =>
  serviceDocument({
    app: 'payment-service',
    description:
      'Payments are commanded through RabbitMQ (pattern 2); over HTTP only the nightly ' +
      "reconciliation's read of the payments recorded in a period.",
    paths: {
      '/reconciliation/daily': {
        get: {
          summary: 'Payments recorded in a period, one keyset page at a time',
          parameters: queryParameters(paymentsQuery),
          responses: {
            '200': answer('one page', reconciliationPageOf(reconciliationPayment)),
            ...problems(400, 401),
          },
        },
      },
    },
  });
