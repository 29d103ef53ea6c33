import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { PaymentLedger } from '../ledger/payment-ledger.js';
import { ADMIN_TOKEN, requireAdmin } from './admin-token.js';

/**
 * What the stand-in processor holds: totals (`GET /admin/ledger`) and one order's charges and
 * refunds (`GET /admin/ledger/orders/:orderId`). Tests prove with it that nothing was charged
 * twice and that charged minus refunded equals the confirmed total. Admin token required.
 */
@Controller('admin/ledger')
export class LedgerHttpController {
  constructor(
    @Inject(PaymentLedger) private readonly ledger: PaymentLedger,
    @Inject(ADMIN_TOKEN) private readonly adminToken: string,
  ) {}

  @Get()
  totals(@Headers('authorization') authorization: string | undefined) {
    requireAdmin(authorization, this.adminToken);
    return this.ledger.totals();
  }

  @Get('orders/:orderId')
  ofOrder(
    @Headers('authorization') authorization: string | undefined,
    @Param('orderId', new ZodValidationPipe(z.uuid(), 'path parameter orderId')) orderId: string,
  ) {
    requireAdmin(authorization, this.adminToken);
    return this.ledger.ofOrder(orderId);
  }
}
