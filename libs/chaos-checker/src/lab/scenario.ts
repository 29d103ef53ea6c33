import type { ServiceName } from '@pattern-shop/contracts';
import type { InfraServer, ServiceProcess, ToxiproxyClient } from '@pattern-shop/testing';
import type { InvariantId } from '../invariants/check-invariants.js';
import type { CheckPolicy } from '../invariants/snapshot.js';

/** What a fault may touch: the lab's own apps (it started them), Toxiproxy, the servers. */
export type FaultContext = Readonly<{
  toxiproxy: ToxiproxyClient;
  app: (name: ServiceName) => ServiceProcess;
  /** Kills nothing: starts the app again (same settings) after a fault took it down. */
  restartApp: (name: ServiceName) => Promise<void>;
  restartServer: (server: InfraServer) => Promise<void>;
  /** The payment-provider's knobs (`PUT /admin/behaviour`). */
  providerBehaviour: (behaviour: Readonly<Record<string, number>>) => Promise<void>;
  log: (event: string) => void;
  /** Time passes through here, so a test of a fault need not wait for it. */
  wait: (ms: number) => Promise<void>;
}>;

/** Injected at a third of the load, healed at two thirds; `heal` also runs if the run fails. */
export type Fault = Readonly<{
  describe: string;
  inject: (context: FaultContext) => Promise<void>;
  heal: (context: FaultContext) => Promise<void>;
}>;

export type Scenario = Readonly<{
  name: string;
  /** The pattern (1-7) or mechanism whose guaranteed failure it shows. */
  pattern: string;
  /** The failure a learner sees while it lasts. */
  shows: string;
  fault: Fault;
  /** Where to look while it runs: a metric, an alert, a log. */
  watch: string;
  /** The invariant it puts at stake. */
  atStake: string;
  /** What the scenario causes on purpose (dead letters, duplicate mails); strict otherwise. */
  policy?: Partial<CheckPolicy>;
  /** Settings of the lab's apps for this scenario (e.g. a shorter timeout). */
  appSettings?: Partial<Record<ServiceName, Record<string, string>>>;
  /** The same fault with a mechanism in its naive form (`run --weak`): it must break `breaks`. */
  weak?: WeakVariant;
}>;

export type WeakVariant = Readonly<{
  /** `WEAK_MECHANISMS` per app: each app refuses a switch it does not honour. */
  mechanisms: Partial<Record<ServiceName, readonly string[]>>;
  breaks: InvariantId;
  /** What the weak run is held to instead of the scenario's policy, e.g. a tighter bound. */
  policy?: Partial<CheckPolicy>;
  /** Why the naive form breaks it, in a sentence a learner reads after the run. */
  why: string;
}>;
