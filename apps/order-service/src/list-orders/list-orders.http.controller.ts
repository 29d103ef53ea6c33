import { Controller, ForbiddenException, Get, Headers, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { ACCESS_TOKENS, type AccessTokenSettings, bearerAccess } from '../access/bearer-access.js';
import { customerId } from '../place-order/place-order.request.js';
import type { OrderSummary } from '../persistence/order-queries.js';
import { ListOrdersHandler } from './list-orders.handler.js';

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
    @Inject(ListOrdersHandler) private readonly handler: ListOrdersHandler,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokenSettings,
  ) {}

  @Get()
  async listOrders(
    @Query(new ZodValidationPipe(listOrdersQuery, 'query')) query: z.infer<typeof listOrdersQuery>,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<{ items: OrderSummary[]; nextCursor: string | null; links: { next: string | null } }> {
    const access = bearerAccess(authorization, this.tokens);
    const outcome = await this.handler.listOrders(query, access);
    if (outcome.kind === 'forbidden') {
      throw new ForbiddenException({
        error: 'Forbidden',
        message: 'listing orders needs a customer token for that customer',
      });
    }
    const { items, nextCursor } = outcome;
    const next =
      nextCursor === null
        ? null
        : `/orders?customerId=${query.customerId}&limit=${query.limit}&cursor=${nextCursor}`;
    return { items, nextCursor, links: { next } };
  }
}
