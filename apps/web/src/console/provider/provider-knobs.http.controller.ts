import { Body, Controller, Get, Inject, Put, Res } from '@nestjs/common';
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

const rate = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const milliseconds = z.number().int().min(0, 'must not be negative').max(60_000);

/** The knobs the console sets; checked here too, so nothing unchecked leaves web. */
export const providerKnobs = z.strictObject({
  latencyMs: milliseconds.optional(),
  latencyJitterMs: milliseconds.optional(),
  errorRate: rate.optional(),
  declineRate: rate.optional(),
  refundErrorRate: rate.optional(),
});

/** payment-provider's knobs through its admin API (operator token): read them, replace them. */
@Controller('api/console/payment-provider/behaviour')
@RequiresScope('operator', 'the operations console')
export class ProviderKnobsHttpController {
  constructor(
    @Inject(SERVICE_CALL) private readonly call: ServiceCall,
    @Inject(SCOPED_TOKENS) private readonly tokens: ScopedTokens,
  ) {}

  @Get()
  async show(@Res({ passthrough: true }) response: Response): Promise<unknown> {
    const headers = operatorHeaders(this.tokens);
    return relay(await this.call('payment-provider', '/admin/behaviour', { headers }), response);
  }

  /** Replaces the whole behaviour, as payment-provider's PUT does: a knob left out is reset. */
  @Put()
  async replace(
    @Body(new ZodValidationPipe(providerKnobs, 'behaviour')) knobs: z.infer<typeof providerKnobs>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const answer = await this.call('payment-provider', '/admin/behaviour', {
      method: 'PUT',
      headers: operatorHeaders(this.tokens),
      body: knobs,
    });
    return relay(answer, response);
  }
}
