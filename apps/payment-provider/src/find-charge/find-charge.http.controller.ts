import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { simulationHeaders } from '../behaviour/provider-behaviour.js';
import { answerWith } from '../provider-answer.js';
import { IDEMPOTENCY_KEY } from '../provider-request.js';
import { FindChargeHandler } from './find-charge.handler.js';

export const lookupQuery = z.strictObject({ idempotencyKey: IDEMPOTENCY_KEY });
const simulationPipe = new ZodValidationPipe(simulationHeaders, 'simulation header');

/** GET /charges?idempotencyKey=...: validates, hands over to the handler, sends its answer. */
@Controller('charges')
export class FindChargeHttpController {
  constructor(@Inject(FindChargeHandler) private readonly handler: FindChargeHandler) {}

  @Get()
  async find(
    @Query(new ZodValidationPipe(lookupQuery, 'query')) query: z.infer<typeof lookupQuery>,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const overrides = simulationPipe.transform(headers);
    const answer = await this.handler.find(query.idempotencyKey, overrides);
    return answerWith(request, response, answer);
  }
}
