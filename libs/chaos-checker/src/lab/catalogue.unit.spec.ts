import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '@pattern-shop/contracts';
import {
  CHAOS_PROXIES,
  repoRoot,
  type ServiceProcess,
  type ToxiproxyClient,
} from '@pattern-shop/testing';
import { parse } from 'yaml';
import { SCENARIOS } from './catalogue.js';
import { WATCHER_PROXY } from './realtime-watchers.js';
import { alertsOf, type FaultContext, type MessageHands } from './scenario.js';

/** Every alerting rule of infra/prometheus/rules/*.yml: its name and expression. */
const alertingRules = (): Map<string, string> => {
  const dir = join(repoRoot(), 'infra', 'prometheus', 'rules');
  const rules = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const { groups } = parse(readFileSync(join(dir, file), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string; expr: string }> }>;
    };
    for (const rule of groups.flatMap((g) => g.rules))
      if (rule.alert !== undefined) rules.set(rule.alert, rule.expr);
  }
  return rules;
};

/** A context that only records what a fault asked for: the catalogue is checked without a stack. */
const recordingContext = () => {
  const calls: string[] = [];
  const clockOffsets = new Map<string, number>();
  const app = (name: string) =>
    ({
      kill: async () => void calls.push(`kill ${name}`),
      freeze: () => void calls.push(`freeze ${name}`),
      thaw: () => void calls.push(`thaw ${name}`),
    }) as unknown as ServiceProcess;
  const toxiproxy = {
    addToxic: async (proxy: string) => void calls.push(`toxic ${proxy}`),
    removeToxic: async (proxy: string) => void calls.push(`untoxic ${proxy}`),
    // A toxic at toxicity 0 acts on nothing: as healed as a removed one.
    updateToxic: async (proxy: string, _toxic: string, change: { toxicity?: number }) =>
      void calls.push(`${change.toxicity === 0 ? 'untoxic' : 'toxic'} ${proxy}`),
    setEnabled: async (proxy: string, on: boolean) =>
      void calls.push(`${on ? 'enable' : 'cut'} ${proxy}`),
  } as unknown as ToxiproxyClient;
  const messages: MessageHands = {
    plantOnQueue: async (queue, planted) => void calls.push(`plant ${queue} ${planted.length}`),
    plantOnExchange: async (exchange) => void calls.push(`plant ${exchange} 1`),
    plantOnTopic: async (topic, planted) => void calls.push(`plant ${topic} ${planted.length}`),
    duplicateEverything: async () => {
      calls.push('duplicate everything');
      return async () => {
        calls.push('stop-duplicating everything');
        return '';
      };
    },
    reverseBacklog: async (queue) => {
      calls.push(`reverse ${queue}`);
      return 0;
    },
    removePlanted: async () => 0,
  };
  const context: FaultContext = {
    toxiproxy,
    messages,
    app,
    restartApp: async (name) => void calls.push(`restart ${name}`),
    restartServer: async (server) => void calls.push(`restart-server ${server}`),
    providerBehaviour: async (b) => void calls.push(`provider ${JSON.stringify(b)}`),
    setClock: async (name, offsetMs) => {
      clockOffsets.set(name, offsetMs);
      calls.push(`clock ${name} ${offsetMs}`);
    },
    appClock: async (name) => new Date(Date.now() + (clockOffsets.get(name) ?? 0)),
    log: () => undefined,
    wait: async () => undefined,
    // Every moment a kill waits for has come at once: one row of each shape a moment reads.
    queryDb: async <Row>() =>
      [
        {
          n: 1,
          example: 'order-1',
          order_id: 'order-1',
          query: 'INSERT INTO sent_emails',
          open_ms: 5,
          topic: 'orders.events',
          partition: 0,
          next_offset: '5',
        },
      ] as Row[],
    operatorCall: async (app, method, path) => {
      calls.push(`call ${app} ${method} ${path}`);
      return { status: 200, body: { charges: [{}], items: [] } };
    },
    analyticsCommittedOffsets: async () => new Map(),
    alertActive: async () => true,
    runReconciliation: async () => {
      calls.push('reconciliation');
      return { code: 1, stderr: '' };
    },
  };
  return { calls, context };
};

describe('the chaos catalogue', () => {
  it('given the catalogue, then it has at least 20 scenarios, each named once, with pattern, watch and stake', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.name).toMatch(/^[a-z0-9-]+$/);
      expect([s.pattern, s.shows, s.watch, s.atStake].every((text) => text.length > 0)).toBe(true);
    }
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    'given %s, when injected and healed, then it touches only hops and apps that exist, and heals what it broke',
    async (_name, scenario) => {
      const { calls, context } = recordingContext();
      await scenario.fault.inject(context);
      const injected = [...calls];
      await scenario.fault.heal(context);
      const healed = calls.slice(injected.length);

      // A hot product is all load and no fault; every other scenario must break something.
      expect(injected.length > 0 || scenario.hotProduct !== undefined).toBe(true);
      // The apps' hops, and the lab's own in front of the gateway (its watchers' pages).
      const proxies = new Set([...CHAOS_PROXIES.map((p) => p.name), WATCHER_PROXY.name]);
      for (const call of calls) {
        const [verb, target] = call.split(' ') as [string, string];
        if (['toxic', 'untoxic', 'cut', 'enable'].includes(verb))
          expect(proxies.has(target)).toBe(true);
        if (['kill', 'freeze', 'thaw', 'restart', 'clock'].includes(verb))
          expect(SERVICE_NAMES).toContain(target);
      }
      const undo: Record<string, string> = {
        toxic: 'untoxic',
        cut: 'enable',
        kill: 'restart',
        freeze: 'thaw',
        duplicate: 'stop-duplicating',
      };
      calls.forEach((call, at) => {
        const [verb, target] = call.split(' ') as [string, string];
        const later = calls.slice(at + 1);
        if (verb in undo) expect(later).toContain(`${undo[verb]} ${target}`);
        if (verb === 'provider' && call !== 'provider {}') expect(later).toContain('provider {}');
        if (verb === 'clock' && !call.endsWith(' 0')) expect(later).toContain(`clock ${target} 0`);
      });
      expect(healed.length + injected.length).toBe(calls.length);
    },
  );

  it('given the catalogue, then every scenario names its alert or says why none applies, never both', () => {
    for (const s of SCENARIOS)
      expect({
        name: s.name,
        alerts: alertsOf(s).length > 0,
        reason: s.noAlert !== undefined,
      }).toEqual({
        name: s.name,
        alerts: s.noAlert === undefined,
        reason: s.noAlert !== undefined,
      });
  });

  it("given issue-21-combined, then it holds each of the issue's faults in turn and heals each before the next", async () => {
    const combined = SCENARIOS.find((s) => s.name === 'issue-21-combined');
    const { calls, context } = recordingContext();
    await combined?.fault.inject(context);

    expect(calls).toEqual([
      'provider {"latencyMs":3000}',
      'provider {}',
      'restart-server kafka',
      'kill order-service',
      'restart order-service',
      'restart-server rabbitmq',
      'toxic order-service.postgres',
      'untoxic order-service.postgres',
    ]);
  });

  it("given the scenarios that name an alert, then each is a rule of infra/prometheus/rules, and its labels survive the rule's aggregation", () => {
    const rules = alertingRules();
    const named = SCENARIOS.flatMap((s) => alertsOf(s).map((alert) => [s.name, alert] as const));

    expect(named.length).toBeGreaterThanOrEqual(10);
    for (const [scenario, alert] of named) {
      const expr = rules.get(alert.name);
      expect({ scenario, alert: alert.name, known: expr !== undefined }).toEqual({
        scenario,
        alert: alert.name,
        known: true,
      });
      // `max by (service)` keeps only `service`: a label outside it would never match a series.
      const by = /\bby \(([^)]*)\)/.exec(expr ?? '')?.[1]?.split(/,\s*/);
      for (const label of Object.keys(alert.labels ?? {}))
        expect(by ?? ['job', 'instance']).toContain(label);
    }
  });
});
