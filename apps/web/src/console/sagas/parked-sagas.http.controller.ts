import { Controller, HttpCode, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  RequiresScope,
  SCOPED_TOKENS,
  type ScopedTokens,
  ZodValidationPipe,
} from '@pattern-shop/platform';
import { relay, SERVICE_CALL, type ServiceCall } from '../../upstream/service-call.js';
import { operatorHeaders } from '../operator-headers.js';

const orderId = z.uuid('must be an order id (a UUID)');
const idPipe = new ZodValidationPipe(orderId, 'path parameter orderId');
/** Parked is COMPENSATION_FAILED; the others are sagas in flight. order-service checks it too. */
export const parkedSagasQuery = z.strictObject({
  state: z
    .enum(['COMPENSATION_FAILED', 'CHARGING', 'VOIDING', 'RESERVING', 'REFUNDING'])
    .default('COMPENSATION_FAILED'),
});

/**
 * Parked sagas through order-service's operator API, with the operator token web holds: list them,
 * read one's step log, retry it. order-service's answers (404, 409, problem+json) pass on as they are.
 */
@Controller('api/console/sagas')
@RequiresScope('operator', 'the operations console')
export class ParkedSagasHttpController {
  constructor(
    @Inject(SERVICE_CALL) private readonly call: ServiceCall,
    @Inject(SCOPED_TOKENS) private readonly tokens: ScopedTokens,
  ) {}

  @Get()
  async list(
    @Query(new ZodValidationPipe(parkedSagasQuery, 'query'))
    query: z.infer<typeof parkedSagasQuery>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const path = `/sagas?state=${query.state}&limit=100`;
    return relay(await this.call('order-service', path, this.staff()), response);
  }

  @Get(':orderId')
  async one(
    @Param('orderId', idPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    return relay(await this.call('order-service', `/sagas/${id}`, this.staff()), response);
  }

  @Post(':orderId/retry')
  @HttpCode(202)
  async retry(
    @Param('orderId', idPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const answer = await this.call('order-service', `/sagas/${id}/retry`, {
      method: 'POST',
      ...this.staff(),
    });
    return relay(answer, response);
  }

  private staff() {
    return { headers: operatorHeaders(this.tokens) };
  }
}
