import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import { isStaff, ZodValidationPipe } from '@pattern-shop/platform';
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
export const STAFF_TOKEN = Symbol('STAFF_TOKEN');

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
 * token); the staff token reads any.
 */
@Controller('api/orders')
export class JourneyHttpController {
  constructor(
    @Inject(SERVICE_CALL) private readonly call: ServiceCall,
    @Inject(CUSTOMER_TOKENS) private readonly tokens: CustomerTokenSettings,
    @Inject(STAFF_TOKEN) private readonly staffToken: string,
    @Inject(SPAN_STORE) private readonly spans: SpanStore,
  ) {}

  @Get(':id/journey')
  async journey(
    @Param('id', new ZodValidationPipe(journeyOrderId, 'path parameter id')) id: string,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<Journey> {
    if (!isStaff(authorization, this.staffToken)) {
      const { token } = customerAccess(authorization, this.tokens);
      const order = await this.call('order-service', `/orders/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (order.status !== 200) throw noJourney(id);
    }
    const saga = await this.call('order-service', `/sagas/${id}`, {
      headers: { authorization: `Bearer ${this.staffToken}` },
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
