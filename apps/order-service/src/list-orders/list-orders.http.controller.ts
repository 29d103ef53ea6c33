import { Controller, ForbiddenException, Get, Headers, Inject, Query } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { ACCESS_TOKENS, type AccessTokenSettings, bearerAccess } from '../access/bearer-access.js';
import { customerId } from '../place-order/place-order.request.js';
import { listOrders, type OrderSummary } from '../persistence/order-queries.js';

const cursor = z.string().transform((text, context) => {
  try {
    return z
      .object({ createdAt: z.iso.datetime(), id: z.uuid() })
      .parse(JSON.parse(Buffer.from(text, 'base64url').toString()));
  } catch {
    context.addIssue({ code: 'custom', message: 'is not a cursor from a previous page' });
    return z.NEVER;
  }
});

export const listOrdersQuery = z.strictObject({
  customerId,
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursor.optional(),
});

/** GET /orders?customerId=...: a customer's orders, newest first, one page at a time. */
@Controller('orders')
export class ListOrdersHttpController {
  constructor(
    @Inject(API_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokenSettings,
  ) {}

  @Get()
  async listOrders(
    @Query(new ZodValidationPipe(listOrdersQuery, 'query')) query: z.infer<typeof listOrdersQuery>,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<{ items: OrderSummary[]; nextCursor: string | null; links: { next: string | null } }> {
    const access = bearerAccess(authorization, this.tokens);
    if (access.scope !== 'customer' || access.customerId !== query.customerId) {
      throw new ForbiddenException({
        error: 'Forbidden',
        message: 'listing orders needs a customer token for that customer',
      });
    }
    const items = await listOrders(this.dataSource.manager, query.customerId, {
      limit: query.limit,
      before: query.cursor,
    });
    const last = items.length === query.limit ? items.at(-1) : undefined;
    const nextCursor =
      last === undefined
        ? null
        : Buffer.from(JSON.stringify({ createdAt: last.placedAt, id: last.orderId })).toString(
            'base64url',
          );
    const next =
      nextCursor === null
        ? null
        : `/orders?customerId=${query.customerId}&limit=${query.limit}&cursor=${nextCursor}`;
    return { items, nextCursor, links: { next } };
  }
}
