import { CreateReplayRuns1795450000100 } from './1795450000100-create-replay-runs.js';
import { CreateBatchJobTables1795480000100 } from './1795480000100-create-batch-job-tables.js';
import { FindingsCountOrders1795490000100 } from './1795490000100-findings-count-orders.js';

/**
 * analytics-service's own schema changes, in order. The projection tables are not here: they are
 * derived data, built by the same DDL for the live and every replay schema (projection-schema.ts).
 */
export const ANALYTICS_MIGRATIONS = [
  CreateReplayRuns1795450000100,
  CreateBatchJobTables1795480000100,
  FindingsCountOrders1795490000100,
];
