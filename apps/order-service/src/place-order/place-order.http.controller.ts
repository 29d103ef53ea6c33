import {
  Body,
  ConflictException,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentCorrelationId } from '@pattern-shop/observability';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { CustomerTokenGuard, VerifiedCustomer } from '../access/customer-token.guard.js';
import { RateLimitGuard } from '../rate-limits/rate-limit.guard.js';
import { RateLimit } from '../rate-limits/rate-limits.js';
import { type Admission, OrderAdmission } from './order-admission.js';
import { PlaceOrderHandler, type PlaceOrderOutcome } from './place-order.handler.js';
import { PlaceOrderBodyPipe } from './place-order-body.pipe.js';
import { idempotencyKey, type PlaceOrderBody } from './place-order.request.js';
import type { StoredAnswer } from '../idempotency/idempotency-keys.js';

const keyPipe = new ZodValidationPipe(idempotencyKey, 'Idempotency-Key header');
const problemType = (name: string) => `https://pattern-shop.dev/problems/${name}`;

/**
 * POST /orders: the customer token first (guards run before any pipe, so a refused caller learns
 * nothing and stores nothing), then the customer's rate limit, then the body; hands over to the
 * handler and turns its outcome into HTTP.
 */
@Controller('orders')
export class PlaceOrderHttpController {
  constructor(
    @Inject(PlaceOrderHandler) private readonly handler: PlaceOrderHandler,
    @Inject(OrderAdmission) private readonly admission: OrderAdmission,
  ) {}

  @Post()
  @HttpCode(202)
  @UseGuards(CustomerTokenGuard, RateLimitGuard) // in this order: the limit counts per customer
  @RateLimit('orders')
  async placeOrder(
    @VerifiedCustomer() customerId: string,
    @Body(new PlaceOrderBodyPipe()) order: PlaceOrderBody,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Req() httpRequest: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const key = keyPipe.transform(rawKey);
    const correlationId = currentCorrelationId() ?? 'none';
    const request = { customerId, ...order };
    const admission = await this.admission.admit();
    if (!admission.admitted) {
      const given =
        key === undefined ? undefined : await this.handler.answerGivenBefore(request, key);
      if (given === undefined) throw overloaded(admission, response);
      return answerWith(given, correlationId, response);
    }
    let outcome: PlaceOrderOutcome;
    try {
      outcome = await this.handler.placeOrder({
        request,
        idempotencyKey: key,
        correlationId,
        // The socket, not the request: Node marks a request destroyed once its body is read.
        // A client that closed its side gets its socket destroyed (the server is not half-open).
        clientGone: () => httpRequest.socket.destroyed,
      });
    } finally {
      admission.release();
    }
    if (outcome.kind !== 'answered') throw refusal(outcome, key, response);
    return answerWith(outcome.answer, correlationId, response);
  }
}

const answerWith = (
  { status, body }: StoredAnswer,
  correlationId: string,
  response: Response,
): unknown => {
  response.status(status);
  if (status >= 400) {
    // A refusal replayed from the key: the same problem, under this request's correlation id.
    response.type('application/problem+json');
    return { ...(body as object), correlationId };
  }
  response.location((body as { links: { self: string } }).links.self);
  return body;
};

const overloaded = (
  { reason, retryAfterSeconds }: Extract<Admission, { admitted: false }>,
  response: Response,
) => {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  return new ServiceUnavailableException({
    error: 'Service Unavailable',
    type: problemType('overloaded'),
    message:
      reason === 'saga-backlog'
        ? 'too many orders are still being checked out; nothing was stored, retry later'
        : 'too many orders are being placed at once; nothing was stored, retry shortly',
  });
};

const refusal = (
  outcome: Exclude<PlaceOrderOutcome, { kind: 'answered' }>,
  key: string | undefined,
  response: Response,
) => {
  switch (outcome.kind) {
    case 'key-used-for-another-request':
      return new UnprocessableEntityException({
        error: 'Unprocessable Entity',
        type: problemType('idempotency-key-reused'),
        message: `Idempotency-Key "${key}" was already used for another request; use a new key for a new order`,
      });
    case 'in-flight':
      response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      return new ConflictException({
        error: 'Conflict',
        type: problemType('idempotency-key-in-flight'),
        message: `a request with Idempotency-Key "${key}" is still being processed; retry with the same key`,
      });
    case 'deadline-passed':
      response.setHeader('Retry-After', '1');
      return new ServiceUnavailableException({
        error: 'Service Unavailable',
        type: problemType('deadline-passed'),
        message: `${outcome.reason}; nothing was stored, retry with the same key`,
      });
  }
};
