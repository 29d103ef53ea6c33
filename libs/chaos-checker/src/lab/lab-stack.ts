import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '@pattern-shop/contracts';
import {
  LOCAL_INFRA,
  populateChaosProxies,
  queryServiceDb,
  restartInfraServer,
  ServiceProcess,
  stateDir,
  ToxiproxyClient,
} from '@pattern-shop/testing';
import { runReconciliationJob } from '../readers/stack-access.js';
import { LabBrokers } from './lab-brokers.js';
import { labMessages } from './lab-messages.js';
import {
  fakeClockEnvironment,
  libfaketimeInstalled,
  libfaketimePath,
  readAppClock,
  writeClockOffset,
} from './clock-faults.js';
import type { FaultContext, Scenario } from './scenario.js';

const PROMETHEUS = 'http://127.0.0.1:9090';
const SERVERS = { postgres: 5432, rabbitmq: 5672, kafka: 9092, smtp: 1025, toxiproxy: 8474 };

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/**
 * Why the lab cannot run here, or nothing: every server must answer, and no app may be running,
 * because the lab starts the seven apps itself, in chaos mode, so it can kill and restart them.
 * A scenario that fakes an app's clock also needs libfaketime.
 */
export const preflight = async (scenarios: readonly Scenario[] = []): Promise<string[]> => {
  const problems: string[] = [];
  const faking = scenarios.filter((s) => (s.fault.fakeClock ?? []).length > 0).map((s) => s.name);
  if (faking.length > 0 && !libfaketimeInstalled())
    problems.push(
      `libfaketime is missing (${libfaketimePath()}), which ${faking.join(', ')} preload(s) to jump a clock: run infra/local/up toxiproxy`,
    );
  for (const [server, port] of Object.entries(SERVERS)) {
    if (!(await answers(port)))
      problems.push(`${server} does not answer on 127.0.0.1:${port}: run infra/local/up`);
  }
  for (const name of SERVICE_NAMES) {
    if (await answers(SERVICES[name].port))
      problems.push(
        `port ${SERVICES[name].port} (${name}) is taken: stop ./bin/run first; the lab starts its own apps in chaos mode`,
      );
  }
  return problems;
};

/** The seven apps of one run, on their Toxiproxy hops, and what faults may do to them. */
export class LabStack {
  readonly toxiproxy = new ToxiproxyClient();
  private readonly brokers = new LabBrokers();
  private readonly apps = new Map<ServiceName, ServiceProcess>();

  constructor(
    private readonly scenario: Scenario,
    private readonly log: (event: string) => void,
    private readonly weak = false,
  ) {}

  async start(): Promise<void> {
    await populateChaosProxies(this.toxiproxy);
    for (const name of SERVICE_NAMES) this.apps.set(name, this.spawn(name));
    await Promise.all([...this.apps.values()].map((app) => app.waitUntilReady(120_000)));
  }

  readonly context: FaultContext = {
    toxiproxy: this.toxiproxy,
    messages: labMessages(this.brokers),
    app: (name) => this.running(name),
    restartApp: async (name) => {
      await this.running(name).kill();
      const app = this.spawn(name);
      this.apps.set(name, app);
      await app.waitUntilReady(120_000);
    },
    restartServer: async (server) => {
      await restartInfraServer(server);
    },
    providerBehaviour: async (behaviour) => {
      const response = await fetch(
        `http://127.0.0.1:${SERVICES['payment-provider'].port}/admin/behaviour`,
        {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${LOCAL_INFRA.operatorToken}`,
          },
          body: JSON.stringify(behaviour),
        },
      );
      if (!response.ok)
        throw new Error(`payment-provider refused its behaviour: ${response.status}`);
    },
    setClock: async (name, offsetMs) => writeClockOffset(this.clockFile(name), offsetMs),
    appClock: (name) => readAppClock(this.running(name).baseUrl),
    log: (event) => this.log(event),
    wait: (ms) => delay(ms),
    queryDb: (app, sql, params) => queryServiceDb(app, sql, params),
    operatorCall: async (app, method, path) => {
      const response = await fetch(`http://127.0.0.1:${SERVICES[app].port}${path}`, {
        method,
        headers: { authorization: `Bearer ${LOCAL_INFRA.operatorToken}` },
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
    analyticsCommittedOffsets: () => this.brokers.analyticsCommittedOffsets(),
    alertActive: async (name) => {
      const response = await fetch(`${PROMETHEUS}/api/v1/alerts`, {
        signal: AbortSignal.timeout(5_000),
      });
      const { data } = (await response.json()) as {
        data: { alerts: ReadonlyArray<{ labels: { alertname: string } }> };
      };
      return data.alerts.some((alert) => alert.labels.alertname === name);
    },
    runReconciliation: (from, to) =>
      runReconciliationJob(from.toISOString(), to.toISOString(), { chaos: true }),
  };

  /** Whatever the run did: every hop back, every app thawed and stopped, then `afterApps`. */
  async stop(afterApps: () => Promise<void> = async () => undefined): Promise<void> {
    await this.toxiproxy.reset().catch(() => undefined);
    for (const name of this.scenario.fault.fakeClock ?? [])
      writeClockOffset(this.clockFile(name), 0);
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
    await afterApps();
    await this.brokers.close();
  }

  private running(name: ServiceName): ServiceProcess {
    const app = this.apps.get(name);
    if (app === undefined) throw new Error(`${name} is not part of the lab's stack`);
    return app;
  }

  /** One file per app and lab process, so a run killed mid-jump leaves no clock to the next. */
  private clockFile(name: ServiceName): string {
    return join(stateDir(), 'chaos', `clock-${name}-${process.pid}.rc`);
  }

  private spawn(name: ServiceName): ServiceProcess {
    const mechanisms = this.weak ? this.scenario.weak?.mechanisms[name] : undefined;
    const weakSettings = this.weak ? this.scenario.weak?.appSettings?.[name] : undefined;
    const fakeClock = this.scenario.fault.fakeClock?.includes(name) === true;
    const settings = {
      LOG_LEVEL: 'warn',
      ...this.scenario.appSettings?.[name],
      ...weakSettings,
      ...(mechanisms === undefined ? {} : { WEAK_MECHANISMS: mechanisms.join(',') }),
      ...(fakeClock ? fakeClockEnvironment(this.clockFile(name)) : {}),
    };
    return ServiceProcess.start(name, settings, { chaos: true });
  }
}
