import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  type ReconciliationPage,
  type ReconciliationPayment,
  type ReconciliationQuery,
  reconciliationQueryWithIds,
} from '@pattern-shop/contracts';
import { ADMIN_TOKEN, requireStaff, ZodValidationPipe } from '@pattern-shop/platform';
import { readPaymentsForReconciliation } from './reconciliation-payments.js';

// Our cursors carry payment ids (uuids).
const paymentsQuery = reconciliationQueryWithIds((id) => z.uuid().safeParse(id).success);

/**
 * GET /reconciliation/daily (staff token): the payments recorded in a period, paged by keyset,
 * for analytics-service's nightly reconciliation (libs/contracts/src/http/reconciliation.ts).
 */
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
  ) {}

  @Get('daily')
  async daily(
    @Query(new ZodValidationPipe(paymentsQuery, 'query')) query: ReconciliationQuery,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ReconciliationPage<ReconciliationPayment>> {
    requireStaff(authorization, this.adminToken, 'reading payments for reconciliation');
    return readPaymentsForReconciliation(this.dataSource.manager, query);
  }
}
