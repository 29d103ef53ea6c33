import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  type ReconciliationOrder,
  type ReconciliationPage,
  reconciliationQueryWithIds,
} from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { ordersCreatedInPeriod } from './orders-created-in-period.js';

// Our cursors carry order ids (uuids).
export const ordersQuery = reconciliationQueryWithIds((id) => z.uuid().safeParse(id).success);

/**
 * GET /reconciliation/daily (service token): the orders created in a period, with their lines,
 * one keyset page at a time. It is read by analytics-service's nightly reconciliation, which
 * checks orders against payments and stock movements through each service's API, never its
 * tables. The query and the page are the shared contract in libs/contracts
 * (http/reconciliation.ts).
 */
@Controller('reconciliation')
export class ReconciliationHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('daily')
  @RequiresScope('service', 'reading reconciliation data')
  async dailyOrders(
    @Query(new ZodValidationPipe(ordersQuery, 'query')) query: z.infer<typeof ordersQuery>,
  ): Promise<ReconciliationPage<ReconciliationOrder>> {
    return ordersCreatedInPeriod(this.dataSource.manager, query);
  }
}
