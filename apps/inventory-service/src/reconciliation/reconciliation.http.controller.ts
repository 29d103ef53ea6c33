import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import {
  type ReconciliationPage,
  reconciliationQueryWithIds,
  type ReconciliationStockMovement,
} from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { orderMovementsInPeriod } from '../persistence/order-movements-in-period.js';

// Our cursors carry movement ids, positive bigints; 18 digits always fit.
export const movementsQuery = reconciliationQueryWithIds((id) => /^[0-9]{1,18}$/.test(id));

/**
 * GET /reconciliation/daily (service token): the stock movements of orders (reservations and
 * releases) in a period, one keyset page at a time. It is read by analytics-service's nightly
 * reconciliation, which checks each order's stock against its status through each service's
 * API, never its tables. The query and the page are the shared contract in libs/contracts
 * (http/reconciliation.ts).
 */
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('daily')
  @RequiresScope('service', 'reading reconciliation data')
  async dailyMovements(
    @Query(new ZodValidationPipe(movementsQuery, 'query')) query: z.infer<typeof movementsQuery>,
  ): Promise<ReconciliationPage<ReconciliationStockMovement>> {
    return orderMovementsInPeriod(this.dataSource.manager, query);
  }
}
