import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@pattern-shop/platform';

/**
 * `analytics_replay_progress_ratio`: how far the running replay is (0..1), read from the row the
 * replay command keeps up to date; absent when none runs. The replay is a separate process, so
 * the service's `/metrics` is where a dashboard finds it.
 */
@Injectable()
export class ReplayProgressMetric {
  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    new Gauge({
      name: 'analytics_replay_progress_ratio',
      help: 'Progress of the running projection replay against the high-water marks taken at its start.',
      labelNames: ['replay_id', 'from'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = (await dataSource
          .query(
            `SELECT id, from_spec, events_done, events_total FROM replay_runs
             WHERE status = 'running' AND started_at > now() - interval '1 day'`,
          )
          .catch(() => [])) as Array<Record<string, string>>;
        for (const row of rows) {
          const total = Number(row['events_total']);
          const ratio = total === 0 ? 1 : Math.min(1, Number(row['events_done']) / total);
          this.set({ replay_id: String(row['id']), from: String(row['from_spec']) }, ratio);
        }
      },
    });
  }
}
