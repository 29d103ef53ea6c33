import type { ServiceName } from '@pattern-shop/contracts';
import type { InfraServer, ToxicSpec } from '@pattern-shop/testing';
import type { KillMoment } from './kill-moments.js';
import type { Fault, FaultContext } from './scenario.js';

/** A toxic on one hop (`<app>.<target>`, docs/chaos.md), removed when healed. */
export const toxic = (proxy: string, spec: ToxicSpec, describe: string): Fault => ({
  describe: `${describe} (${spec.type} on ${proxy})`,
  inject: async ({ toxiproxy, log }) => {
    await toxiproxy.addToxic(proxy, { ...spec, name: 'chaos-lab' });
    log(`toxic ${spec.type} on ${proxy}`);
  },
  heal: async ({ toxiproxy, log }) => {
    await toxiproxy.removeToxic(proxy, 'chaos-lab');
    log(`toxic removed from ${proxy}`);
  },
});

/** A fault that needs only Toxiproxy, so workshop lab 6 (libs/labs) runs it outside a scenario. */
export type HopFault = Omit<Fault, 'inject' | 'heal'> &
  Readonly<{
    inject: (context: Pick<FaultContext, 'toxiproxy' | 'log'>) => Promise<void>;
    heal: (context: Pick<FaultContext, 'toxiproxy' | 'log'>) => Promise<void>;
  }>;

/**
 * The hop goes silent both ways and stays open: a `timeout` toxic of 0 drops every byte and never
 * closes the connection, which is what a dead NAT or a sleeping laptop looks like. Unlike a cut,
 * nobody is told; only a heartbeat can notice. Healed by setting the toxics' toxicity to 0, since
 * removing a `timeout` toxic closes the connections it held and so would tell both ends after all;
 * the lab's final reset removes them once the run is over.
 */
export const silentHop = (proxy: string, describe: string): HopFault => ({
  describe: `${describe} (timeout 0 both ways on ${proxy})`,
  inject: async ({ toxiproxy, log }) => {
    for (const stream of ['downstream', 'upstream'] as const)
      await toxiproxy.addToxic(proxy, {
        name: `chaos-lab-${stream}`,
        stream,
        type: 'timeout',
        attributes: { timeout: 0 },
      });
    log(`hop ${proxy} silent, its connections open`);
  },
  heal: async ({ toxiproxy, log }) => {
    for (const stream of ['downstream', 'upstream'])
      await toxiproxy.updateToxic(proxy, `chaos-lab-${stream}`, { toxicity: 0 });
    log(`hop ${proxy} passes data again, on the same connections`);
  },
});

/** The hop is cut: connections are refused until it is enabled again. */
export const cutHop = (proxy: string, describe: string): Fault => ({
  describe: `${describe} (${proxy} disabled)`,
  inject: async ({ toxiproxy, log }) => {
    await toxiproxy.setEnabled(proxy, false);
    log(`hop ${proxy} cut`);
  },
  heal: async ({ toxiproxy, log }) => {
    await toxiproxy.setEnabled(proxy, true);
    log(`hop ${proxy} restored`);
  },
});

/** kill -9: no shutdown hooks, nothing flushed; started again when healed. */
export const killApp = (name: ServiceName, describe: string): Fault => ({
  describe: `${describe} (kill -9 ${name})`,
  inject: async ({ app, log }) => {
    await app(name).kill();
    log(`${name} killed`);
  },
  heal: async ({ restartApp, log }) => {
    await restartApp(name);
    log(`${name} started again`);
  },
});

/** How often a `killWhen` looks, and how long it waits between looks at most in all. */
export const KILL_MOMENT_POLL_MS = 50;
export const KILL_MOMENT_BOUND_MS = 20_000;

/**
 * kill -9 aimed at a moment: looks for it every 50 ms (20 s of waiting at most), then kills, and
 * says in the timeline what it caught, or that the moment never came (the kill is then blind).
 */
export const killWhen = (name: ServiceName, moment: KillMoment, describe: string): Fault => ({
  describe: `${describe} (kill -9 ${name} at ${moment.describe})`,
  inject: async (context) => {
    const { app, log, wait } = context;
    const look = () =>
      moment.caught(context).catch((error: Error) => {
        log(`looking for ${moment.describe} failed: ${error.message}`);
        return undefined;
      });
    let caught = await look();
    for (let waited = 0; caught === undefined && waited < KILL_MOMENT_BOUND_MS;) {
      await wait(KILL_MOMENT_POLL_MS);
      waited += KILL_MOMENT_POLL_MS;
      caught = await look();
    }
    await app(name).kill();
    log(
      caught === undefined
        ? `${name} killed blind: no ${moment.describe} within ${KILL_MOMENT_BOUND_MS / 1000} s`
        : `${name} killed at ${moment.describe}: caught ${caught}`,
    );
  },
  heal: async ({ restartApp, log }) => {
    await restartApp(name);
    log(`${name} started again`);
  },
});

/** SIGSTOP: the process holds its connections and answers nothing (the silent consumer). */
export const freezeApp = (name: ServiceName, describe: string): Fault => ({
  describe: `${describe} (SIGSTOP ${name})`,
  inject: async ({ app, log }) => {
    app(name).freeze();
    log(`${name} frozen`);
  },
  heal: async ({ app, log }) => {
    app(name).thaw();
    log(`${name} thawed`);
  },
});

/** A server restart (graceful stop, start, ready again) at the start of the fault phase. */
export const serverRestart = (server: InfraServer, describe: string): Fault => ({
  describe: `${describe} (${server} stopped, then started)`,
  inject: async ({ restartServer, log }) => {
    log(`${server} stopping`);
    await restartServer(server).catch(() => undefined);
    log(`${server} restarted`);
  },
  heal: async () => undefined,
});

/** The card processor's knobs for the fault phase, defaults again when healed. */
export const providerKnobs = (behaviour: Record<string, number>, describe: string): Fault => ({
  describe: `${describe} (payment-provider ${JSON.stringify(behaviour)})`,
  inject: async ({ providerBehaviour, log }) => {
    await providerBehaviour(behaviour);
    log(`payment-provider behaviour ${JSON.stringify(behaviour)}`);
  },
  heal: async ({ providerBehaviour, log }) => {
    await providerBehaviour({});
    log('payment-provider behaviour back to defaults');
  },
});

/**
 * Several faults one after another inside the fault phase, each held for `eachMs` and healed
 * before the next: the combined run of issue 21. Healing the whole heals every one (idempotent).
 */
export const oneAfterAnother = (faults: readonly Fault[], eachMs: number): Fault => {
  const healed = new Set<Fault>();
  return {
    describe: faults.map((f) => f.describe).join(', then '),
    inject: async (context) => {
      for (const fault of faults) {
        context.log(`inject: ${fault.describe}`);
        await fault.inject(context);
        await context.wait(eachMs);
        context.log(`heal: ${fault.describe}`);
        await fault.heal(context);
        healed.add(fault);
      }
    },
    heal: async (context) => {
      for (const fault of faults) if (!healed.has(fault)) await fault.heal(context);
    },
  };
};

/** No fault on any hop or process: the scenario's load is the stress (a hot product). */
export const nothing = (describe: string): Fault => ({
  describe,
  inject: async ({ log }) => log(describe),
  heal: async () => undefined,
});

/**
 * Faults held at the same time, each injected `staggerMs` after the one before (so the first has
 * taken hold when the next comes), healed the other way round, each cleaned up.
 */
export const together = (faults: readonly Fault[], staggerMs = 0): Fault => ({
  describe: faults.map((f) => f.describe).join(', and meanwhile '),
  fakeClock: faults.flatMap((f) => f.fakeClock ?? []),
  inject: async (context) => {
    for (const [at, fault] of faults.entries()) {
      if (at > 0) await context.wait(staggerMs);
      await fault.inject(context);
    }
  },
  heal: async (context) => {
    for (const fault of [...faults].reverse()) await fault.heal(context);
  },
  cleanup: async (context) => {
    for (const fault of faults) await fault.cleanup?.(context);
  },
});
