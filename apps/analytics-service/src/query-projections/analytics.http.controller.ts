import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { ANALYTICS_CONFIG, type AnalyticsServiceConfig } from '../analytics-service.config.js';
import {
  type FunnelQuery,
  funnelQuery,
  type SalesQuery,
  salesQuery,
  type TopProductsQuery,
  topProductsQuery,
} from './analytics-query.js';
import {
  funnelReport,
  salesReport,
  topProductsReport,
} from '../persistence/projections/projection-queries.js';

/**
 * Reads the projections, never the streams: answers stay fast and keep coming while a replay
 * rebuilds fresh tables beside them. A bad `from`/`to` is a 400 problem+json. Revenue figures are
 * the business's own, so they are for operators, like the daily report.
 */
@Controller('analytics')
@RequiresScope('operator', 'reading revenue figures')
export class AnalyticsHttpController {
  private readonly schema: string;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ANALYTICS_CONFIG) config: AnalyticsServiceConfig,
  ) {
    this.schema = config.ANALYTICS_SCHEMA;
  }

  @Get('sales')
  sales(@Query(new ZodValidationPipe(salesQuery, 'query')) query: SalesQuery) {
    return salesReport(this.dataSource, this.schema, query);
  }

  @Get('funnel')
  funnel(@Query(new ZodValidationPipe(funnelQuery, 'query')) query: FunnelQuery) {
    return funnelReport(this.dataSource, this.schema, query);
  }

  @Get('top-products')
  topProducts(@Query(new ZodValidationPipe(topProductsQuery, 'query')) query: TopProductsQuery) {
    return topProductsReport(this.dataSource, this.schema, query);
  }
}
