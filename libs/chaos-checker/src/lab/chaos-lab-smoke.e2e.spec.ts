import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { infra } from '@pattern-shop/testing';
import { brokenInvariants } from '../invariants/check-invariants.js';
import { startShortAlertPrometheus } from '../testing/short-alert-prometheus.js';
import { scenarioNamed } from './catalogue.js';
import { preflight } from './lab-stack.js';
import { outcomeOf, writeRunRecord } from './run-record.js';
import { type RunResult, runScenario } from './run-scenario.js';
import type { Scenario } from './scenario.js';

/** The requests whose last attempt was not a 202, with what each attempt got. */
const unanswered = (client: RunResult['client']) =>
  client
    .filter((r) => r.attempts.at(-1)?.status !== 202)
    .map(
      (r) => `${r.key}: ${r.attempts.map((a) => `${a.phase} ${a.status} ${a.ms} ms`).join(', ')}`,
    );

const named = (name: string): Scenario => {
  const scenario = scenarioNamed(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  return scenario;
};

/**
 * The chaos lab's smoke set, in the suite: a process kill (whose alert must fire and resolve), a
 * broker restart, each under a short open-loop load on the real servers, and a weak variant that
 * must break its invariant. A Toxiproxy fault under load (`inventory-down`) runs to its verdict
 * from the console (tests/e2e/web/console-chaos.e2e.spec.ts). `npm run chaos -- run --all` is the
 * full catalogue at a real rate and length; this proves the runner and its verdicts in CI time.
 */
describe('chaos lab smoke: a fault under load, and nothing lost, doubled or stuck', () => {
  it('given kill-order-service under load, then clients see the outage and retry into one order each, every invariant holds, ServiceDown fires and resolves, and the run is recorded', async () => {
    await infra('up');
    expect(await preflight()).toEqual([]);
    // ServiceDown's `for: 2m` would need a 6-minute run: a Prometheus of the test's own holds the
    // same expression with `for: 1s`, so the 4-s kill must make it fire and the restart clear it.
    const prometheus = await startShortAlertPrometheus(
      'order-service',
      'services.yml',
      'ServiceDown',
      1,
    );
    const records = mkdtempSync(join(tmpdir(), 'chaos-smoke-'));
    const result = await runScenario(named('kill-order-service'), {
      rate: 4,
      durationMs: 12_000,
      seed: 7,
      quiesceMs: 90_000,
      prometheusUrl: prometheus.url,
      redeliver: true,
      print: () => undefined,
    }).finally(prometheus.stop);

    const replayed = result.verdicts.find(
      (v) => v.invariant === 'a re-delivered stream changes nothing',
    );
    expect(replayed).toMatchObject({
      result: 'pass',
      observed: expect.stringMatching(/^[1-9]\d* records delivered again, no row changed$/),
    });
    const alert = result.verdicts.find((v) => v.invariant.startsWith('alert ServiceDown'));
    expect(alert).toMatchObject({ result: 'pass' });
    expect(alert?.observed).toMatch(
      /^fired and cleared: pending \d+ s, firing \d+ s, inactive \d+ s/,
    );

    // The run's record, as `chaos run` writes it: everything as JSON, what a person reads as Markdown.
    try {
      const dir = writeRunRecord(result, records);
      const json = JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(json).toMatchObject({
        scenario: { name: 'kill-order-service', fault: expect.stringContaining('kill -9') },
        timeline: expect.arrayContaining([{ atMs: expect.any(Number), event: 'quiet' }]),
        phases: ['before', 'fault', 'after'].map((phase) => expect.objectContaining({ phase })),
        alerts: { series: [expect.objectContaining({ name: 'ServiceDown' })] },
        verdicts: expect.arrayContaining([expect.objectContaining({ result: 'pass' })]),
      });
      const markdown = readFileSync(join(dir, 'record.md'), 'utf8');
      expect(markdown).toMatch(/^# Chaos run: kill-order-service\n\nOutcome: PASS/);
      expect(markdown).toMatch(/Quiet \d+\.\d s after the heal/);
      expect(markdown).toMatch(/\| fault \| \d+ \| .*\| \d+ \| \d+ \|/);
      expect(markdown).toMatch(/## Alerts\n\n- ServiceDown\{.*job="order-service".*\}: pending at/);
      expect(markdown).toMatch(/## Timeline\n\n- \d+\.\d s: starting the seven apps/);
    } finally {
      rmSync(records, { recursive: true });
    }
    expect(result.client).toHaveLength(48);
    expect(result.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^inject: /), 'heal', 'quiet']),
    );
    expect(result.client.filter((r) => r.attempts.length > 1).length).toBeGreaterThan(0);
    expect(unanswered(result.client)).toEqual([]);
    expect(brokenInvariants(result.verdicts)).toEqual([]);
    expect(result.verdicts.filter((v) => v.result === 'pass').length).toBeGreaterThanOrEqual(15);
  }, 240_000);
  it('given restart-rabbitmq under load, then orders accepted while the broker is away wait in the outboxes and every invariant holds once it is back', async () => {
    // The broker is away for about 15 s (infra/local down and up); a 6-s load keeps the run short.
    const result = await runScenario(named('restart-rabbitmq'), {
      rate: 4,
      durationMs: 6_000,
      seed: 7,
      quiesceMs: 90_000,
      print: () => undefined,
    });

    const events = result.timeline.map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining(['rabbitmq stopping', 'rabbitmq restarted', 'heal', 'quiet']),
    );
    // The broker came back only after the load ended: the last third's orders were accepted
    // while it was away, each waiting in order-service's outbox.
    const at = (prefix: string) => result.timeline.find((e) => e.event.startsWith(prefix))?.atMs;
    expect(at('rabbitmq restarted')).toBeGreaterThan((at('load:') ?? Infinity) + 6_000);
    const afterInject = result.client.flatMap((r) => r.attempts).filter((a) => a.phase === 'after');
    expect(afterInject.length).toBeGreaterThan(0);
    expect(afterInject.every((a) => a.status === 202)).toBe(true);
    expect(unanswered(result.client)).toEqual([]);
    expect(brokenInvariants(result.verdicts)).toEqual([]);
    const row = (id: string) => result.verdicts.find((v) => (v as { id?: string }).id === id);
    for (const id of ['outboxes-empty', 'queues-drained', 'orders-final', 'accepted-is-one-order'])
      expect({ id, result: row(id)?.result }).toEqual({ id, result: 'pass' });
  }, 180_000);
  it('given provider-errors with its weak variant (acked before the effect, no step deadline), then orders are left stuck and the run says which invariant broke', async () => {
    const scenario = named('provider-errors');
    if (scenario.weak === undefined) throw new Error('provider-errors has no weak variant');

    const result = await runScenario(scenario, {
      rate: 4,
      durationMs: 12_000,
      seed: 7,
      // A 15 s bound, not the variant's 40 s (the resilient saga's charge deadline plus a void):
      // the stuck orders are older than that when judged, the others final within seconds.
      quiesceMs: 15_000,
      finalWithinMs: 15_000,
      weak: true,
      print: () => undefined,
    });

    const outcome = outcomeOf(result);
    expect(outcome.ok).toBe(true);
    expect(outcome.line).toMatch(/^WEAK VARIANT broke 'every order final/);
    const stuck = result.verdicts.find((v) => (v as { id?: string }).id === 'orders-final');
    expect(stuck?.offenderCount).toBeGreaterThan(0);
    expect(result.timeline.some((e) => e.event.includes('not quiet'))).toBe(true);
  }, 240_000);
});
