import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Response } from 'express';
import { currentCorrelationId } from '@pattern-shop/observability';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { PlaceOrderHandler, type PlaceOrderOutcome } from './place-order.handler.js';
import {
  idempotencyKey,
  placeOrderRequest,
  type PlaceOrderRequest,
} from './place-order.request.js';

const keyPipe = new ZodValidationPipe(idempotencyKey, 'Idempotency-Key header');
const problemType = (name: string) => `https://pattern-shop.dev/problems/${name}`;

/** POST /orders: validates, hands over to the handler, and turns its outcome into HTTP. */
@Controller('orders')
export class PlaceOrderHttpController {
  constructor(@Inject(PlaceOrderHandler) private readonly handler: PlaceOrderHandler) {}

  @Post()
  @HttpCode(202)
  async placeOrder(
    @Body(new ZodValidationPipe(placeOrderRequest)) request: PlaceOrderRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const key = keyPipe.transform(rawKey);
    const correlationId = currentCorrelationId() ?? 'none';
    const outcome = await this.handler.placeOrder({ request, idempotencyKey: key, correlationId });
    if (outcome.kind !== 'answered') throw refusal(outcome, key);
    const body = outcome.answer.body as { links: { self: string } };
    response.status(outcome.answer.status).location(body.links.self);
    return body;
  }
}

const refusal = (
  outcome: Exclude<PlaceOrderOutcome, { kind: 'answered' }>,
  key: string | undefined,
) => {
  switch (outcome.kind) {
    case 'key-used-for-another-request':
      return new UnprocessableEntityException({
        error: 'Unprocessable Entity',
        type: problemType('idempotency-key-reused'),
        message: `Idempotency-Key "${key}" was already used for another request; use a new key for a new order`,
      });
    case 'unknown-skus':
      return new UnprocessableEntityException({
        error: 'Unprocessable Entity',
        type: problemType('unknown-sku'),
        message: `unknown sku: ${outcome.skus.join(', ')}`,
      });
    case 'out-of-stock':
      return new UnprocessableEntityException({
        error: 'Unprocessable Entity',
        type: problemType('insufficient-stock'),
        message: `not enough stock for: ${outcome.skus.join(', ')}`,
      });
  }
};
