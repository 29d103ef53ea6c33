import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { type FiringAlert, firingAlerts } from './firing-alerts.js';
import { type ChartData, chartData, type FigureRow, figureRows } from './lane-figures.js';
import { LANES, type FigureUnit } from './lane-queries.js';
import { PrometheusReader } from './prometheus-reader.js';

export const lanesQuery = z.strictObject({
  minutes: z.coerce.number().int().min(1).max(60).default(15),
});

export type LaneView = Readonly<{
  id: string;
  title: string;
  figures: ReadonlyArray<{ id: string; label: string; unit: FigureUnit; rows: FigureRow[] }>;
  chart: Readonly<{ unit: FigureUnit; data: ChartData }>;
}>;

/** The seven lanes and the firing alerts, from Prometheus (operator token). */
@Controller('api/console')
@RequiresScope('operator', 'the operations console')
export class LanesHttpController {
  constructor(@Inject(PrometheusReader) private readonly prometheus: PrometheusReader) {}

  @Get('lanes')
  async lanes(
    @Query(new ZodValidationPipe(lanesQuery, 'query')) query: z.infer<typeof lanesQuery>,
  ): Promise<{ at: string; minutes: number; lanes: LaneView[] }> {
    const now = new Date();
    const from = new Date(now.getTime() - query.minutes * 60_000);
    // About 60 points per chart whatever the window, so a longer window costs no more.
    const step = Math.max(5, Math.round((query.minutes * 60) / 60));
    const lanes = await Promise.all(
      LANES.map(async (lane) => ({
        id: lane.id,
        title: lane.title,
        figures: await Promise.all(
          lane.figures.map(async ({ id, label, unit, promql }) => ({
            id,
            label,
            unit,
            rows: figureRows(await this.prometheus.instant(promql, now)),
          })),
        ),
        chart: {
          unit: lane.chart.unit,
          data: chartData(await this.prometheus.range(lane.chart.promql, from, now, step)),
        },
      })),
    );
    return { at: now.toISOString(), minutes: query.minutes, lanes };
  }

  @Get('alerts')
  async alerts(): Promise<{ items: FiringAlert[] }> {
    return { items: firingAlerts(await this.prometheus.alerts()) };
  }
}
