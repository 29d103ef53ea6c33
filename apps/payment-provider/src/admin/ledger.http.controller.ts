import { Controller, Get, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { PaymentLedger } from '../ledger/payment-ledger.js';

/**
 * What the stand-in processor holds: totals (`GET /admin/ledger`) and one order's charges and
 * refunds (`GET /admin/ledger/orders/:orderId`). Tests prove with it that nothing was charged
 * twice and that charged minus refunded equals the confirmed total. Operator token required.
 */
@Controller('admin/ledger')
@RequiresScope('operator', 'reading the ledger')
export class LedgerHttpController {
  constructor(@Inject(PaymentLedger) private readonly ledger: PaymentLedger) {}

  @Get()
  totals() {
    return this.ledger.totals();
  }

  @Get('orders/:orderId')
  ofOrder(
    @Param('orderId', new ZodValidationPipe(z.uuid(), 'path parameter orderId')) orderId: string,
  ) {
    return this.ledger.ofOrder(orderId);
  }
}
