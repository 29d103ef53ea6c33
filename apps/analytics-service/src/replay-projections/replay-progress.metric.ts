import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@pattern-shop/platform';
import { runningReplays } from '../persistence/replay-runs.js';

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
        const replays = await runningReplays(dataSource).catch(() => []);
        for (const { id, fromSpec, eventsDone, eventsTotal } of replays) {
          const ratio = eventsTotal === 0 ? 1 : Math.min(1, eventsDone / eventsTotal);
          this.set({ replay_id: id, from: fromSpec }, ratio);
        }
      },
    });
  }
}
