import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { reconciliationQuery } from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { recentRuns } from '../persistence/job-runs.js';
import { findingsIn } from '../persistence/reconciliation-findings.js';
import { BATCH_JOBS } from './batch-job.js';

export const runsQuery = z.strictObject({
  job: z.enum(BATCH_JOBS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

// The same period rules as the services' reconciliation endpoints; paging is not needed here.
export const findingsQuery = reconciliationQuery.transform(({ period }) => period);

/**
 * What the nightly jobs did and found (operator token: findings name orders of every customer).
 * `GET /jobs/runs` lists runs, newest first, failed ones with their error;
 * `GET /reconciliation/findings?date=` gives the findings of the newest successful run of each
 * period in it.
 */
@Controller()
export class BatchJobsHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get('jobs/runs')
  @RequiresScope('operator', 'reading batch job runs')
  runs(@Query(new ZodValidationPipe(runsQuery, 'query')) query: z.infer<typeof runsQuery>) {
    return recentRuns(this.dataSource, query.job, query.limit).then((items) => ({ items }));
  }

  @Get('reconciliation/findings')
  @RequiresScope('operator', 'reading reconciliation findings')
  async findings(
    @Query(new ZodValidationPipe(findingsQuery, 'query')) period: z.infer<typeof findingsQuery>,
  ) {
    const items = await findingsIn(this.dataSource, period);
    return { from: period.from.toISOString(), to: period.to.toISOString(), items };
  }
}
