import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  type ReconciliationPage,
  type ReconciliationPayment,
  type ReconciliationQuery,
  reconciliationQueryWithIds,
} from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { readPaymentsForReconciliation } from '../persistence/reconciliation-payments.js';

// Our cursors carry payment ids (uuids).
export const paymentsQuery = reconciliationQueryWithIds((id) => z.uuid().safeParse(id).success);

/**
 * GET /reconciliation/daily (service token): the payments recorded in a period, paged by keyset,
 * for analytics-service's nightly reconciliation (libs/contracts/src/http/reconciliation.ts).
 */
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('daily')
  @RequiresScope('service', 'reading payments for reconciliation')
  async daily(
    @Query(new ZodValidationPipe(paymentsQuery, 'query')) query: ReconciliationQuery,
  ): Promise<ReconciliationPage<ReconciliationPayment>> {
    return readPaymentsForReconciliation(this.dataSource.manager, query);
  }
}
