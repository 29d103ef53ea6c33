import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  type ReconciliationPage,
  type ReconciliationQuery,
  reconciliationQuery,
  type SettlementEntry,
} from '@pattern-shop/contracts';
import { StaffOnly, ZodValidationPipe } from '@pattern-shop/platform';
import { ADMIN_ONLY } from '../admin/admin-only.js';
import { PaymentLedger } from '../ledger/payment-ledger.js';

/**
 * GET /reconciliation/daily (admin token): the provider's settlement for a period, paged by
 * keyset, for analytics-service's nightly reconciliation (libs/contracts/src/http/reconciliation.ts).
 */
@Controller('reconciliation')
@StaffOnly(ADMIN_ONLY)
export class SettlementHttpController {
  constructor(@Inject(PaymentLedger) private readonly ledger: PaymentLedger) {}

  @Get('daily')
  daily(
    @Query(new ZodValidationPipe(reconciliationQuery, 'query')) query: ReconciliationQuery,
  ): ReconciliationPage<SettlementEntry> {
    const { period, after, limit } = query;
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      ...this.ledger.settlement(period, after, limit),
    };
  }
}
