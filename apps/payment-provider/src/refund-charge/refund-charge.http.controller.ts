import { Body, Controller, Headers, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { answerWith } from '../provider-answer.js';
import { PROVIDER_TEST_MODE, providerRequestHeaders } from '../provider-request.js';
import { RefundChargeHandler } from './refund-charge.handler.js';

export const refundRequest = z.strictObject({
  chargeId: z.string().regex(/^ch_[A-Za-z0-9-]{1,100}$/, 'must be a charge id (ch_...)'),
  amountCents: z.number().int().positive(),
});

/** POST /refunds: validates, hands over to the handler, sends its answer. */
@Controller('refunds')
export class RefundChargeHttpController {
  constructor(
    @Inject(RefundChargeHandler) private readonly handler: RefundChargeHandler,
    @Inject(PROVIDER_TEST_MODE) private readonly testMode: boolean,
  ) {}

  @Post()
  async refund(
    @Body(new ZodValidationPipe(refundRequest)) body: z.infer<typeof refundRequest>,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const { idempotencyKey, overrides } = providerRequestHeaders(headers, this.testMode);
    const answer = await this.handler.refund(idempotencyKey, body, overrides);
    return answerWith(request, response, answer);
  }
}
