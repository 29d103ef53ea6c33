import type { ProgressReport } from './batch-job.js';
import type { JobRun } from '../persistence/job-runs.js';

/**
 * Progress of a run on stderr: a line at most every two seconds while it reads (so a long day
 * shows it is alive), and one line with the outcome.
 */
export const progressLine = (
  stream: NodeJS.WritableStream,
  label: string,
  now: () => number = Date.now,
): { report: ProgressReport; finish: (run: JobRun) => void } => {
  const startedAt = now();
  let lastLine = startedAt;
  const seconds = () => ((now() - startedAt) / 1000).toFixed(1);
  return {
    report: (stage, rows) => {
      if (now() - lastLine < 2_000) return;
      lastLine = now();
      stream.write(`${label}: ${rows} ${stage} read (${seconds()} s)\n`);
    },
    finish: (run) => {
      const counts =
        run.status === 'succeeded'
          ? `${run.rowsChecked} rows checked (stream saw ${run.rowsExpected}), ${run.mismatches} mismatches, ${run.inFlightOrders.length} in flight`
          : `error: ${run.error}`;
      stream.write(`${label}: ${run.status} in ${seconds()} s; ${counts}\n`);
    },
  };
};
