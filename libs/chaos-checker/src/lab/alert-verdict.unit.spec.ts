import { describe, expect, it } from '@jest/globals';
import type { AlertRecord, AlertSeries } from './alert-history.js';
import { alertVerdict } from './alert-verdict.js';

// A run whose fault phase lasts 10 s: injected at 20 s, healed at 30 s; grace 3 × 5 s.
const FAULT = { injectedAtMs: 20_000, healedAtMs: 30_000 };
const SERVICE_DOWN = { name: 'ServiceDown', labels: { job: 'payment-service' } };

const series = (
  transitions: AlertSeries['transitions'],
  labels: Record<string, string> = { job: 'payment-service' },
): AlertSeries => ({ name: 'ServiceDown', labels, transitions });

const record = (planted: AlertSeries[], overrides: Partial<AlertRecord> = {}): AlertRecord => ({
  rules: [{ name: 'ServiceDown', forS: 120, intervalS: 5 }],
  series: planted,
  lastAnsweredAtMs: 60_000,
  lastError: undefined,
  ...overrides,
});

describe('the alert verdict', () => {
  it('given the condition held (pending) during the fault and cleared after, but it never fired, then it is not checked, never a pass, and says why it could not fire', () => {
    const held = series([
      { atMs: 26_000, state: 'pending' },
      { atMs: 36_000, state: 'inactive' },
    ]);

    const v = alertVerdict(SERVICE_DOWN, record([held]), FAULT);

    expect(v.result).toBe('skipped');
    expect(v.observed).toBe(
      'not checked: pending, but not firing by heal + 15 s, so nobody was paged: pending 26 s, inactive 36 s (inject 20 s, heal 30 s); for: 2m outlasts the 10 s fault phase; --duration ≥ 390 lets it fire',
    );
  });

  it('given it fired and resolved, then it passes', () => {
    const fired = series([
      { atMs: 24_000, state: 'pending' },
      { atMs: 28_000, state: 'firing' },
      { atMs: 40_000, state: 'inactive' },
    ]);

    const v = alertVerdict(SERVICE_DOWN, record([fired]), FAULT);

    expect(v.result).toBe('pass');
    expect(v.observed).toBe(
      'fired and cleared: pending 24 s, firing 28 s, inactive 40 s (inject 20 s, heal 30 s)',
    );
  });

  it('given it never went pending, or only for another job, then it fails: it would have warned no one', () => {
    const otherJob = series([{ atMs: 25_000, state: 'pending' }], { job: 'email-service' });

    const v = alertVerdict(SERVICE_DOWN, record([otherJob]), FAULT);

    expect(v.result).toBe('fail');
    expect(v.observed).toBe(
      'never pending nor firing (inject 20 s, heal 30 s): it would have warned no one',
    );
    expect(v.offenders).toEqual(['ServiceDown{job="payment-service"}']);
  });

  it('given it went pending only after heal plus the grace, then it did not warn of this fault', () => {
    const late = series([
      { atMs: 50_000, state: 'pending' },
      { atMs: 55_000, state: 'inactive' },
    ]);

    expect(alertVerdict(SERVICE_DOWN, record([late]), FAULT)).toMatchObject({
      result: 'fail',
      observed: expect.stringContaining('pending 50 s, inactive 55 s'),
    });
  });

  it('given it is still firing at the end of quiescence, then it fails: it pages for a healed fault', () => {
    const stuck = series([
      { atMs: 24_000, state: 'pending' },
      { atMs: 28_000, state: 'firing' },
    ]);

    const v = alertVerdict(SERVICE_DOWN, record([stuck]), FAULT);

    expect(v.result).toBe('fail');
    expect(v.observed).toContain('still firing at the end (60 s)');
  });

  it('given Prometheus never answered, then it is not checked, with the reason, never a pass', () => {
    const v = alertVerdict(
      SERVICE_DOWN,
      record([], { lastAnsweredAtMs: undefined, lastError: 'fetch failed' }),
      FAULT,
    );

    expect(v.result).toBe('skipped');
    expect(v.observed).toBe('not checked: Prometheus did not answer (fetch failed)');
  });

  it('given Prometheus stopped answering before the heal plus grace, then it is not checked', () => {
    const v = alertVerdict(SERVICE_DOWN, record([], { lastAnsweredAtMs: 32_000 }), FAULT);

    expect(v.result).toBe('skipped');
    expect(v.observed).toContain('did not answer after 32 s');
  });

  it('given the alert was already active before the inject, then the run cannot tell: not checked', () => {
    const leftover = series([
      { atMs: -90_000, state: 'pending' },
      { atMs: 2_000, state: 'firing' },
      { atMs: 40_000, state: 'inactive' },
    ]);

    const v = alertVerdict(SERVICE_DOWN, record([leftover]), FAULT);

    expect(v.result).toBe('skipped');
    expect(v.observed).toMatch(/^not checked: already active before the inject/);
  });

  it('given a threshold the fault phase was too short to cross, then it is not checked and names the duration that would', () => {
    const outbox = { name: 'OutboxBacklogOld', needsFaultS: 300 };
    const rules = [{ name: 'OutboxBacklogOld', forS: 60, intervalS: 5 }];

    const v = alertVerdict(outbox, record([], { rules }), FAULT);

    expect(v.result).toBe('skipped');
    expect(v.observed).toBe(
      'not checked: its condition needs 300 s of fault and 2 evaluations to be seen, the fault phase lasted 10 s; --duration ≥ 930 lets it hold, ≥ 1110 fire',
    );
  });

  it('given a fault phase shorter than a scrape and an evaluation, when nothing was seen, then it is not checked rather than failed', () => {
    const short = { injectedAtMs: 20_000, healedAtMs: 24_000 };

    const v = alertVerdict(SERVICE_DOWN, record([]), short);

    expect(v.result).toBe('skipped');
    expect(v.observed).toContain('the fault phase lasted 4 s; --duration ≥ 30 lets it hold');
  });

  it('given Prometheus has no such rule loaded, then it is not checked', () => {
    const v = alertVerdict({ name: 'NoSuchAlert' }, record([]), FAULT);

    expect(v).toMatchObject({ result: 'skipped', observed: expect.stringContaining('no rule') });
  });
});
