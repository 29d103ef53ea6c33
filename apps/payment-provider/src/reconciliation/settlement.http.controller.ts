import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import {
  type ReconciliationPage,
  type ReconciliationQuery,
  reconciliationQuery,
  type SettlementEntry,
} from '@pattern-shop/contracts';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { ADMIN_TOKEN, requireAdmin } from '../admin/admin-token.js';
import { PaymentLedger } from '../ledger/payment-ledger.js';

/**
 * GET /reconciliation/daily (admin token): the provider's settlement for a period, paged by
 * keyset, for analytics-service's nightly reconciliation (libs/contracts/src/http/reconciliation.ts).
 */
@Controller('reconciliation')
export class SettlementHttpController {
  constructor(
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
  ) {}

  @Get('daily')
  daily(
    @Query(new ZodValidationPipe(reconciliationQuery, 'query')) query: ReconciliationQuery,
    @Headers('authorization') authorization: string | undefined,
  ): ReconciliationPage<SettlementEntry> {
    requireAdmin(authorization, this.adminToken);
    const { period, after, limit } = query;
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      ...this.ledger.settlement(period, after, limit),
    };
  }
}
