import { BadRequestException, Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  type ReconciliationPage,
  type ReconciliationPayment,
  type ReconciliationQuery,
  reconciliationQuery,
} from '@pattern-shop/contracts';
import { ADMIN_TOKEN, requireStaff, ZodValidationPipe } from '@pattern-shop/platform';
import { readPaymentsForReconciliation } from './reconciliation-payments.js';

const paymentId = z.uuid();

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
    @Query(new ZodValidationPipe(reconciliationQuery, 'query')) query: ReconciliationQuery,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ReconciliationPage<ReconciliationPayment>> {
    requireStaff(authorization, this.adminToken, 'reading payments for reconciliation');
    // The contract's cursor carries any id; ours are payment ids, and SQL casts them to uuid.
    if (query.after !== undefined && !paymentId.safeParse(query.after.id).success) {
      throw new BadRequestException({
        error: 'Bad Request',
        type: 'https://pattern-shop.dev/problems/validation',
        message: ['query: after: is not a cursor from nextCursor'],
      });
    }
    return readPaymentsForReconciliation(this.dataSource.manager, query);
  }
}
