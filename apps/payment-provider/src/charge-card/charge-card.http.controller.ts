import { Body, Controller, Headers, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { answerWith } from '../provider-answer.js';
import { PROVIDER_TEST_MODE, providerRequestHeaders } from '../provider-request.js';
import { ChargeCardHandler } from './charge-card.handler.js';

export const chargeRequest = z.strictObject({
  orderId: z.uuid(),
  customerId: z.string().min(1).max(200),
  amountCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
});

/** POST /charges: validates, hands over to the handler, sends its answer. */
@Controller('charges')
export class ChargeCardHttpController {
  constructor(
    @Inject(ChargeCardHandler) private readonly handler: ChargeCardHandler,
    @Inject(PROVIDER_TEST_MODE) private readonly testMode: boolean,
  ) {}

  @Post()
  async charge(
    @Body(new ZodValidationPipe(chargeRequest)) body: z.infer<typeof chargeRequest>,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { idempotencyKey, overrides } = providerRequestHeaders(headers, this.testMode);
    const answer = await this.handler.charge(idempotencyKey, body, overrides);
    return answerWith(request, response, answer);
  }
}
