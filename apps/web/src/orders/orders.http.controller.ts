import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationPipe } from '@pattern-shop/platform';
import {
  CUSTOMER_TOKENS,
  customerAccess,
  type CustomerTokenSettings,
} from '../access/customer-access.js';
import { relay, SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import {
  checkoutKey,
  checkoutRequest,
  type CheckoutRequest,
  historyQuery,
  type HistoryQuery,
  orderId,
} from './order-requests.js';

const keyPipe = new ZodValidationPipe(checkoutKey, 'Idempotency-Key header');

/**
 * The customer's orders through order-service, always with the customer's own token, so
 * order-service's rule of who may read what decides; its answers (202, problem+json) pass on
 * unchanged.
 */
@Controller('api/orders')
export class OrdersHttpController {
  constructor(
    @Inject(SERVICE_CALL) private readonly call: ServiceCall,
    @Inject(CUSTOMER_TOKENS) private readonly tokens: CustomerTokenSettings,
  ) {}

  @Post()
  @HttpCode(202)
  async checkout(
    @Body(new ZodValidationPipe(checkoutRequest)) cart: CheckoutRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { token } = customerAccess(authorization, this.tokens);
    const key = keyPipe.transform(rawKey);
    // order-service takes the customer from the token; a customerId in the body it refuses.
    const answer = await this.call('order-service', '/orders', {
      method: 'POST',
      headers: { 'idempotency-key': key, authorization: `Bearer ${token}` },
      body: { items: cart.items },
    });
    return relay(answer, response);
  }

  @Get()
  async history(
    @Query(new ZodValidationPipe(historyQuery, 'query')) query: HistoryQuery,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { customerId, token } = customerAccess(authorization, this.tokens);
    const search = new URLSearchParams({ customerId, limit: String(query.limit) });
    if (query.cursor !== undefined) search.set('cursor', query.cursor);
    const answer = await this.call('order-service', `/orders?${search.toString()}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return relay(answer, response);
  }

  @Get(':id')
  async order(
    @Param('id', new ZodValidationPipe(orderId, 'path parameter id')) id: string,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { token } = customerAccess(authorization, this.tokens);
    const answer = await this.call('order-service', `/orders/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return relay(answer, response);
  }
}
