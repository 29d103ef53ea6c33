import type { DataSource } from 'typeorm';
import type { AnalyticsServiceConfig } from '../analytics-service.config.js';
import { salesReportJob } from '../daily-sales-report/sales-report.job.js';
import { reconciliationJob } from '../reconciliation/reconciliation.job.js';
import type { BatchJob, BatchJobName } from './batch-job.js';

/** Both nightly jobs, wired from the validated configuration; the service and the CLI share this. */
export const nightlyJobs = (
  config: AnalyticsServiceConfig,
  dataSource: DataSource,
): Record<BatchJobName, BatchJob> => {
  const source = (name: string, baseUrl: string) => ({
    name,
    baseUrl,
    serviceToken: config.SERVICE_TOKEN,
    timeoutMs: config.BATCH_SOURCE_TIMEOUT_MS,
  });
  const sources = {
    orders: source('order-service', config.ORDER_SERVICE_URL),
    payments: source('payment-service', config.PAYMENT_SERVICE_URL),
    provider: source('payment-provider', config.PAYMENT_PROVIDER_URL),
    inventory: source('inventory-service', config.INVENTORY_URL),
  };
  return {
    reconciliation: reconciliationJob(sources, dataSource, config.ANALYTICS_SCHEMA),
    'sales-report': salesReportJob(dataSource, config.ANALYTICS_SCHEMA, () => new Date()),
  };
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day before `now`: what a nightly run covers. */
export const dayBefore = (now: Date): { from: Date; to: Date } => {
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { from: new Date(to.getTime() - DAY_MS), to };
};
