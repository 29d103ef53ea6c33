import type { ServiceName } from '@pattern-shop/contracts';
import type { InfraServer, ServiceProcess, ToxiproxyClient } from '@pattern-shop/testing';
import type { InvariantId } from '../invariants/check-invariants.js';
import type { CheckPolicy } from '../invariants/snapshot.js';
import type { PlantedMessage } from './planted-messages.js';

/** The lab's own hands on the brokers, as a broken or foreign producer would have them. */
export type MessageHands = Readonly<{
  /** Straight onto every queue of a family (for realtime-gateway: each instance's queue). */
  plantOnQueue: (family: string, messages: readonly PlantedMessage[]) => Promise<void>;
  plantOnExchange: (exchange: string, key: string, message: PlantedMessage) => Promise<void>;
  plantOnTopic: (topic: string, messages: readonly PlantedMessage[]) => Promise<void>;
  /** Every consumed queue and topic gets each message twice until the returned stop. */
  duplicateEverything: () => Promise<() => Promise<string>>;
  /** The queue's waiting messages, put back in reverse order; how many. */
  reverseBacklog: (queue: string) => Promise<number>;
  /** The lab's planted messages (by message-id prefix) acked away, once the apps stopped. */
  removePlanted: (prefix: string) => Promise<number>;
}>;

/** What a fault may touch: the lab's own apps (it started them), Toxiproxy, the servers. */
export type FaultContext = Readonly<{
  toxiproxy: ToxiproxyClient;
  messages: MessageHands;
  app: (name: ServiceName) => ServiceProcess;
  /** Kills nothing: starts the app again (same settings) after a fault took it down. */
  restartApp: (name: ServiceName) => Promise<void>;
  restartServer: (server: InfraServer) => Promise<void>;
  /** The payment-provider's knobs (`PUT /admin/behaviour`). */
  providerBehaviour: (behaviour: Readonly<Record<string, number>>) => Promise<void>;
  log: (event: string) => void;
  /** Shifts the wall clock of an app started with a fake clock; 0 gives it the true time again. */
  setClock: (name: ServiceName, offsetMs: number) => Promise<void>;
  /** An app's wall clock, as the app itself reads it. */
  appClock: (name: ServiceName) => Promise<Date>;
  /** Time passes through here, so a test of a fault need not wait for it. */
  wait: (ms: number) => Promise<void>;
  /** One read on an app's own database with its own role: the lab looks, only the app writes. */
  queryDb: <Row>(app: ServiceName, sql: string, params?: readonly unknown[]) => Promise<Row[]>;
  /** An operator's call on an app's API (`GET /sagas`, `POST /sagas/:id/retry`), direct. */
  operatorCall: (
    app: ServiceName,
    method: 'GET' | 'POST',
    path: string,
  ) => Promise<Readonly<{ status: number; body: unknown }>>;
  /** Whether Prometheus reports the alert pending or firing now. */
  alertActive: (name: string) => Promise<boolean>;
  /** analytics' consumer group's committed offsets, by `topic:partition`. */
  analyticsCommittedOffsets: () => Promise<ReadonlyMap<string, number>>;
  /** The nightly reconciliation over a window, run now as analytics-service would: on its hops. */
  runReconciliation: (
    from: Date,
    to: Date,
  ) => Promise<Readonly<{ code: number | null; stderr: string }>>;
}>;

/** Injected at a third of the load, healed at two thirds; `heal` also runs if the run fails. */
export type Fault = Readonly<{
  describe: string;
  inject: (context: FaultContext) => Promise<void>;
  heal: (context: FaultContext) => Promise<void>;
  /** Once the apps stopped: removes what the fault left behind on purpose (planted messages). */
  cleanup?: (context: FaultContext) => Promise<void>;
  /** Apps the lab starts with a fake clock (libfaketime preloaded), in this scenario only. */
  fakeClock?: readonly ServiceName[];
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
  /** A crowd on top of the steady load: `buyers` orders at once, at the inject time, for `sku`. */
  hotProduct?: Readonly<{ sku: string; stock: number; buyers: number }>;
  /**
   * Realtime watchers, one open page per customer of the load, on the lab's own proxy to the
   * gateway (realtime-watchers.ts), with this watchdog window; the run checks what they show.
   */
  watchers?: Readonly<{ heartbeatTimeoutMs: number }>;
  /** The same fault with a mechanism in its naive form (`run --weak`): it must break `breaks`. */
  weak?: WeakVariant;
  /** The Prometheus alert(s) that must warn of the fault and clear after it (docs/chaos.md). */
  alert?: ScenarioAlert | readonly ScenarioAlert[];
  /** Why no alert applies, where none is named: every scenario names one or says why not. */
  noAlert?: string;
}>;

export type ScenarioAlert = Readonly<{
  /** An alert of infra/prometheus/rules/*.yml (docs/alerts.md). */
  name: string;
  /** Only its series with these labels, e.g. `{ job: 'payment-service' }`. */
  labels?: Readonly<Record<string, string>>;
  /** Seconds of fault before its expression can be true, when it has a threshold (age > 300). */
  needsFaultS?: number;
}>;

export const alertsOf = (scenario: Scenario): readonly ScenarioAlert[] =>
  scenario.alert === undefined ? [] : 'name' in scenario.alert ? [scenario.alert] : scenario.alert;

export type WeakVariant = Readonly<{
  /** `WEAK_MECHANISMS` per app: each app refuses a switch it does not honour. */
  mechanisms: Partial<Record<ServiceName, readonly string[]>>;
  breaks: InvariantId;
  /** What the weak run is held to instead of the scenario's policy, e.g. a tighter bound. */
  policy?: Partial<CheckPolicy>;
  /** Why the naive form breaks it, in a sentence a learner reads after the run. */
  why: string;
  /** Settings of the weak run's apps on top of the scenario's (the naive form's timeout). */
  appSettings?: Partial<Record<ServiceName, Record<string, string>>>;
}>;
