import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import { CHECKOUT_SAGA_STATUSES } from '@pattern-shop/checkout-saga';
import { currentCorrelationId } from '@pattern-shop/observability';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { type OperatorRequest, SagaAdminHandler } from './saga-admin.handler.js';
import type { SagaView } from './saga-view.js';

export const orderId = z.uuid('must be an order id (a UUID)');
export const listSagasQuery = z.strictObject({
  state: z.enum(CHECKOUT_SAGA_STATUSES, {
    error: `must be one of ${CHECKOUT_SAGA_STATUSES.join(', ')}`,
  }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The saga's operator endpoints (operator token; web's journey reads one saga with the service
 * token): look at one saga, list sagas in a state (e.g. the parked ones), resume a parked saga
 * once its cause is fixed, and repair a cancelled order that still holds money. Customers never
 * see sagas.
 */
@Controller('sagas')
export class SagaAdminHttpController {
  constructor(@Inject(SagaAdminHandler) private readonly handler: SagaAdminHandler) {}

  @Get(':orderId')
  @RequiresScope(['operator', 'service'], 'reading a saga')
  async getSaga(
    @Param('orderId', new ZodValidationPipe(orderId, 'path parameter orderId')) id: string,
  ): Promise<SagaView> {
    const view = await this.handler.readSaga(id);
    if (view === undefined)
      throw new NotFoundException({ error: 'Not Found', message: `no saga for order ${id}` });
    return view;
  }

  @Get()
  @RequiresScope('operator', 'listing sagas')
  async listSagas(
    @Query(new ZodValidationPipe(listSagasQuery, 'query')) query: z.infer<typeof listSagasQuery>,
  ) {
    return { items: await this.handler.listSagas(query.state, query.limit) };
  }

  /** 202: the refund (or void) is on its way again; the saga's state says how it ends. */
  @Post(':orderId/retry')
  @RequiresScope('operator', 'retrying a saga')
  @HttpCode(202)
  async retrySaga(
    @Param('orderId', new ZodValidationPipe(orderId, 'path parameter orderId')) id: string,
  ): Promise<SagaView> {
    return this.advanceFor(id, 'RetryRequested', 'retried');
  }

  /**
   * 202: a cancelled order's money is settled again (reconciliation's `unrefunded_charge`):
   * payment-service voids or refunds what the provider holds, idempotently; 409 unless CANCELLED.
   */
  @Post(':orderId/repair')
  @RequiresScope('operator', 'repairing a saga')
  @HttpCode(202)
  async repairSaga(
    @Param('orderId', new ZodValidationPipe(orderId, 'path parameter orderId')) id: string,
  ): Promise<SagaView> {
    return this.advanceFor(id, 'RepairRequested', 'repaired');
  }

  private async advanceFor(id: string, type: OperatorRequest, done: string): Promise<SagaView> {
    const outcome = await this.handler.request(id, type, currentCorrelationId() ?? id);
    if (outcome.kind === 'unknown-saga') {
      throw new NotFoundException({ error: 'Not Found', message: `no saga for order ${id}` });
    }
    if (outcome.kind === 'refused') {
      throw new ConflictException({
        error: 'Conflict',
        message: `saga not ${done}: ${outcome.reason}`,
      });
    }
    return outcome.view;
  }
}
