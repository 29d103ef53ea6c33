import { describe, expect, it } from '@jest/globals';
import { firingAlerts } from './firing-alerts.js';
import { chartData, figureRows, seriesName } from './lane-figures.js';
import { LANES } from './lane-queries.js';

describe('lane figures from PromQL results', () => {
  it('given a vector, then one row per series named by its labels, NaN as null', () => {
    const rows = figureRows([
      { metric: { queue: 'b', __name__: 'x' }, value: [1, '3'] },
      { metric: { queue: 'a', service: 's' }, value: [1, 'NaN'] },
      { metric: {}, value: [1, '+Inf'] },
    ]);
    expect(rows).toEqual([
      { series: 'queue=a service=s', value: null },
      { series: 'queue=b', value: 3 },
      { series: 'total', value: null },
    ]);
  });

  it('given series sampled at different times, then they are aligned with gaps as null', () => {
    const data = chartData([
      { metric: { service: 'b' }, values: [[20, '2']] },
      {
        metric: { service: 'a' },
        values: [
          [10, '1'],
          [20, '1.5'],
        ],
      },
    ]);
    expect(data).toEqual({
      timestamps: [10, 20],
      series: [
        { name: 'service=a', values: [1, 1.5] },
        { name: 'service=b', values: [null, 2] },
      ],
    });
  });

  it('given no series, then an empty chart', () => {
    expect(chartData([])).toEqual({ timestamps: [], series: [] });
    expect(seriesName({ __name__: 'up' })).toBe('total');
  });

  it('there are seven lanes, each with figures and distinct ids', () => {
    expect(LANES).toHaveLength(7);
    expect(new Set(LANES.map((lane) => lane.id)).size).toBe(7);
    for (const lane of LANES) expect(lane.figures.length).toBeGreaterThan(0);
  });
});

describe('firing alerts', () => {
  it('given firing and pending alerts, then only the firing ones, critical first', () => {
    const alerts = firingAlerts([
      { labels: { alertname: 'QueueGrowing', severity: 'warning', queue: 'q' }, state: 'firing' },
      { labels: { alertname: 'Pending', severity: 'critical' }, state: 'pending' },
      {
        labels: { alertname: 'ServiceDown', severity: 'critical', job: 'web' },
        annotations: { summary: 'web is down' },
        state: 'firing',
        activeAt: '2026-12-03T19:00:00Z',
      },
    ]);
    expect(alerts).toEqual([
      {
        name: 'ServiceDown',
        severity: 'critical',
        labels: 'job=web',
        summary: 'web is down',
        since: '2026-12-03T19:00:00Z',
      },
      { name: 'QueueGrowing', severity: 'warning', labels: 'queue=q', summary: '', since: null },
    ]);
  });
});
