import { Controller, Get, Inject, Query } from '@nestjs/common';
import {
  type ReconciliationPage,
  type ReconciliationQuery,
  reconciliationQuery,
  type SettlementEntry,
} from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { PaymentLedger } from '../ledger/payment-ledger.js';

/**
 * GET /reconciliation/daily (service token): the provider's settlement for a period, paged by
 * keyset, for analytics-service's nightly reconciliation (libs/contracts/src/http/reconciliation.ts).
 */
@Controller('reconciliation')
@RequiresScope('service', 'reading the settlement')
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
