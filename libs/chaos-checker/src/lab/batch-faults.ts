import type { ServiceName } from '@pattern-shop/contracts';
import type { Fault } from './scenario.js';

/** The batch rules are evaluated once a minute (rules/batch-jobs.yml): a look a second, 90 s at most. */
const ALERT_LOOKS = 90;
const ALERT = 'BatchJobLastRunFailed';
/** The reconciliation's window: the minute before the fault, orders of this run in it. */
const WINDOW_MS = 60_000;

/**
 * Pattern 7's failure: the nightly reconciliation runs while one of its sources is unreachable.
 * The job must fail loudly (exit 1, recorded failed, `batch_job_last_run_failed` 1) rather than
 * pass an empty page as a clean one; the fault holds that long enough for Prometheus to see it,
 * and the heal does what the person on call does: restores the link and runs the window again.
 */
export const reconciliationSourceCut = (source: ServiceName, describe: string): Fault => {
  const proxy = `analytics-service.${source}`;
  let window: Readonly<{ from: Date; to: Date }> | undefined;
  return {
    describe: `${describe} (${proxy} disabled while the reconciliation runs)`,
    inject: async ({ toxiproxy, runReconciliation, alertActive, log, wait }) => {
      await toxiproxy.setEnabled(proxy, false);
      log(`hop ${proxy} cut`);
      const to = new Date();
      window = { from: new Date(to.getTime() - WINDOW_MS), to };
      const job = await runReconciliation(window.from, window.to);
      const said = job.stderr.trim().split('\n').at(-1) ?? '';
      log(
        job.code === 0
          ? `reconciliation with ${source} cut exited 0: it passed a page it could not read (${said})`
          : `reconciliation with ${source} cut exited ${job.code}: ${said}`,
      );
      // The failure is held (the link stays cut) until Prometheus has evaluated it.
      for (let look = 1; look <= ALERT_LOOKS; look++) {
        await wait(1_000);
        if (await alertActive(ALERT).catch(() => false)) {
          log(`${ALERT} active ${look} s after the failed run`);
          return;
        }
      }
      log(`${ALERT} not active within ${ALERT_LOOKS} s of the failed run`);
    },
    heal: async ({ toxiproxy, runReconciliation, log }) => {
      await toxiproxy.setEnabled(proxy, true);
      log(`hop ${proxy} restored`);
      if (window === undefined) return;
      const job = await runReconciliation(window.from, window.to);
      log(`reconciliation of the same window again: exited ${job.code}`);
    },
  };
};
