import { describe, expect, it } from '@jest/globals';
import { type ObservedSeries, observeAlerts } from './alert-history.js';

describe('folding answers of GET /api/v1/alerts into transitions', () => {
  it('given a series that goes pending, fires, then leaves the answer, then each state is dated on the run timeline', () => {
    const observed: ObservedSeries[] = [];
    const wallAt = (runMs: number) => 1_000_000 + runMs;
    const alert = (state: string) => ({
      labels: { alertname: 'ServiceDown', job: 'payment-service' },
      state,
      activeAt: new Date(wallAt(21_500)).toISOString(),
    });

    observeAlerts(observed, [alert('pending')], 23_000, wallAt(23_000));
    observeAlerts(observed, [alert('pending')], 25_000, wallAt(25_000));
    observeAlerts(observed, [alert('firing')], 27_000, wallAt(27_000));
    observeAlerts(observed, [], 29_000, wallAt(29_000));

    expect(observed).toEqual([
      {
        name: 'ServiceDown',
        labels: { job: 'payment-service' },
        transitions: [
          { atMs: 21_500, state: 'pending' },
          { atMs: 27_000, state: 'firing' },
          { atMs: 29_000, state: 'inactive' },
        ],
      },
    ]);
  });
});
