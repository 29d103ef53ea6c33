import { CreateReplayRuns1795450000100 } from './1795450000100-create-replay-runs.js';

/**
 * analytics-service's own schema changes, in order. The projection tables are not here: they are
 * derived data, built by the same DDL for the live and every replay schema (projection-schema.ts).
 */
export const ANALYTICS_MIGRATIONS = [CreateReplayRuns1795450000100];
