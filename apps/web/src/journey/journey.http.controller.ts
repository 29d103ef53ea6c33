import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import {
  bearerMatches,
  SCOPED_TOKENS,
  type ScopedTokens,
  ZodValidationPipe,
} from '@pattern-shop/platform';
import {
  CUSTOMER_TOKENS,
  customerAccess,
  type CustomerTokenSettings,
} from '../access/customer-access.js';
import { SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';
import { journeyHops, lanesOf, type JourneyHop, type SagaStepEntry } from './journey-hops.js';
import { journeyOrderId, noJourney } from './journey-requests.js';
import type { SpanStore } from './span-store.js';

export const SPAN_STORE = Symbol('SPAN_STORE');

export type Journey = Readonly<{
  orderId: string;
  lanes: string[];
  hops: JourneyHop[];
  /** The saga's state now, or null when order-service could not be asked. */
  sagaStatus: string | null;
  spans: number;
}>;

/**
 * GET /api/orders/:id/journey: every hop of one order, from the spans web received and the
 * saga's step log. A customer reads their own orders only (order-service decides, with their
 * token); the operator token reads any. The saga's steps are read with the service token.
 */
@Controller('api/orders')
export class JourneyHttpController {
  constructor(
    @Inject(SERVICE_CALL) private readonly call: ServiceCall,
    @Inject(CUSTOMER_TOKENS) private readonly tokens: CustomerTokenSettings,
    @Inject(SCOPED_TOKENS) private readonly scoped: ScopedTokens,
    @Inject(SPAN_STORE) private readonly spans: SpanStore,
  ) {}

  @Get(':id/journey')
  async journey(
    @Param('id', new ZodValidationPipe(journeyOrderId, 'path parameter id')) id: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<Journey> {
    if (!bearerMatches(authorization, this.scoped.operator)) {
      const { token } = customerAccess(authorization, this.tokens);
      const order = await this.call('order-service', `/orders/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (order.status !== 200) throw noJourney(id);
    }
    const saga = await this.call('order-service', `/sagas/${id}`, {
      headers: { authorization: `Bearer ${this.scoped.service}` },
    }).catch(() => undefined);
    const sagaView =
      saga?.status === 200 ? (saga.body as { status: string; steps: SagaStepEntry[] }) : undefined;
    const spans = this.spans.spansAbout(id);
    if (sagaView === undefined && spans.length === 0) throw noJourney(id);
    const hops = journeyHops(spans, sagaView?.steps ?? []);
    return {
      orderId: id,
      lanes: lanesOf(hops),
      hops,
      sagaStatus: sagaView?.status ?? null,
      spans: spans.length,
    };
  }
}
