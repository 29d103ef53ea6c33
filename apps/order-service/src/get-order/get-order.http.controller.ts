import { Controller, Get, Headers, Inject, NotFoundException, Param } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { ACCESS_TOKENS, type AccessTokenSettings, bearerAccess } from '../access/bearer-access.js';
import type { StoredOrder } from '../persistence/order-queries.js';
import { GetOrderHandler } from './get-order.handler.js';

export const orderId = z.uuid('must be an order id (a UUID)');

/**
 * GET /orders/:id: the order, its lines, status, statusVersion and history. Someone else's order
 * answers 404 exactly like a missing one, so ids cannot be probed.
 */
@Controller('orders')
export class GetOrderHttpController {
  constructor(
    @Inject(GetOrderHandler) private readonly handler: GetOrderHandler,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokenSettings,
  ) {}

  @Get(':id')
  async getOrder(
    @Param('id', new ZodValidationPipe(orderId, 'path parameter id')) id: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<StoredOrder> {
    const access = bearerAccess(authorization, this.tokens);
    const order = await this.handler.getOrder(id, access);
    if (order === undefined) {
      throw new NotFoundException({ error: 'Not Found', message: `no order ${id}` });
    }
    return order;
  }
}
