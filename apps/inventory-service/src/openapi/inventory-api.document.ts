import { z } from 'zod';
import {
  reconciliationPageOf,
  reconciliationStockMovement,
  sku as skuSchema,
} from '@pattern-shop/contracts';
import {
  answer,
  pathParameter,
  problems,
  queryParameters,
  requestBody,
  serviceDocument,
} from '@pattern-shop/platform';
import { changePriceRequest } from '../change-price/change-price.http.controller.js';
import { availabilityQuery } from '../check-availability/check-availability.http.controller.js';
import { listProductsQuery } from '../list-products/list-products.http.controller.js';
import { movementsQuery } from '../reconciliation/reconciliation.http.controller.js';
import { setStockRequest } from '../restock/restock.http.controller.js';

// The answers' shapes (the handlers' types, as zod), so the fuzzer can hold answers to them.
const product = z.strictObject({
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
  stock: z.number().int().nonnegative(),
});
const productPage = z.strictObject({
  items: z.array(product),
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  links: z.strictObject({ next: z.string().nullable() }),
});
const availability = z.strictObject({
  items: z.array(
    z.strictObject({
      sku: z.string(),
      name: z.string(),
      priceCents: z.number().int().nonnegative(),
      currency: z.literal('EUR'),
      requestedQuantity: z.number().int().positive(),
      inStock: z.boolean(),
    }),
  ),
  unknownSkus: z.array(z.string()),
});
const stockSet = z.strictObject({
  sku: z.string(),
  stock: z.number().int(),
  previousStock: z.number().int(),
});
const priceChange = z.strictObject({
  sku: z.string(),
  priceCents: z.number().int(),
  previousPriceCents: z.number().int(),
});
const sku = pathParameter('sku', skuSchema);

/** The OpenAPI document served at /docs-json (and rendered at /docs). */
export const inventoryApiDocument = () =>
  serviceDocument({
    app: 'inventory-service',
    description:
      'The catalogue and its stock: the availability check order-service calls synchronously ' +
      '(pattern 1), staff changes to stock and prices, and the reads of the nightly reconciliation.',
    paths: {
      '/products': {
        get: {
          summary: 'The catalogue, by SKU, one page at a time',
          parameters: queryParameters(listProductsQuery),
          responses: { '200': answer('one page', productPage), ...problems(400) },
        },
      },
      '/availability': {
        get: {
          summary: 'Price and stock for several SKUs: ?sku=A&quantity=2&sku=B&quantity=1',
          parameters: queryParameters(availabilityQuery, ['sku', 'quantity']),
          responses: { '200': answer('each known SKU', availability), ...problems(400) },
        },
      },
      '/products/{sku}/stock': {
        put: {
          summary: "Set a SKU's available stock (absolute, so a repeat is harmless)",
          parameters: [sku],
          requestBody: requestBody(setStockRequest),
          responses: { '200': answer('stock set', stockSet), ...problems(400, 401, 404) },
        },
      },
      '/products/{sku}/price': {
        put: {
          summary: "Change a SKU's price (order-service's replica follows by event)",
          parameters: [sku],
          requestBody: requestBody(changePriceRequest),
          responses: { '200': answer('price changed', priceChange), ...problems(400, 401, 404) },
        },
      },
      '/reconciliation/daily': {
        get: {
          summary: 'Stock movements of orders in a period, one keyset page at a time',
          parameters: queryParameters(movementsQuery),
          responses: {
            '200': answer('one page', reconciliationPageOf(reconciliationStockMovement)),
            ...problems(400, 401),
          },
        },
      },
    },
  });
