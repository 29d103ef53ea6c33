import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QUEUES } from '@pattern-shop/contracts';
import {
  CHAOS_PROXIES,
  type CustomerSession,
  infra,
  remotePortsOf,
  type ServiceProcess,
  startGuestSession,
  waitFor,
} from '@pattern-shop/testing';
import {
  brokenInvariants,
  checkInvariants,
  type IdentifiedVerdict,
  type InvariantId,
} from './invariants/check-invariants.js';
import type { CheckPolicy, ClientRequest, SystemSnapshot } from './invariants/snapshot.js';
import type { Verdict } from './invariants/verdict.js';
import { type InitialStock, readCurrentStock } from './readers/inventory.reader.js';
import { readOrders } from './readers/order-service.reader.js';
import { readSnapshot } from './readers/read-snapshot.js';
import { runReconciliationJob } from './readers/stack-access.js';
import { localAddresses } from './readers/system-addresses.js';
import {
  deletePaymentRow,
  placeOrder,
  plantGivenUpOutboxRow,
  provider,
  runChaosCommand,
  setStock,
  startWholeStack,
  writeClientFile,
} from './testing/stack.js';
import {
  chargeAgain,
  loseOrder,
  oversell,
  plantDeadLetter,
  type Restore,
  skewProjection,
  unfinishOrder,
} from './testing/planted-violations.js';

const addresses = localAddresses();
const ORDER_SERVICE = 'http://127.0.0.1:3001';
/** Two guest customers of the run (POST /sessions/guest), made once the apps are up. */
let sessions: CustomerSession[] = [];
let customers: string[] = [];
const client: ClientRequest[] = [];
let window: { from: string; to: string };
let initialStock: InitialStock;

const snapshot = (to = new Date().toISOString()): Promise<SystemSnapshot> =>
  readSnapshot(addresses, {
    scope: { from: window.from, to, customerIds: customers },
    client,
    initialStock,
    now: new Date(),
  });

const windowArguments = () => [
  ...['--from', window.from, '--to', window.to],
  ...customers.flatMap((customer) => ['--customer', customer]),
];

const broken = (verdicts: readonly Verdict[]) => brokenInvariants(verdicts).map((v) => v.invariant);

/**
 * Plants a violation in the real system, checks, and restores: the named invariant must break
 * and name the offender; afterwards the clean run passes again, so one plant cannot hide another.
 */
const caught = async (
  plant: () => Promise<Restore>,
  id: InvariantId,
  offender: string,
  policy: Partial<CheckPolicy> = {},
) => {
  const restore = await plant();
  try {
    const verdict = checkInvariants(await snapshot(window.to), policy).find((v) => v.id === id);
    expect({ id, result: verdict?.result }).toEqual({ id, result: 'fail' });
    expect(verdict?.offenders.join(' ')).toContain(offender);
  } finally {
    await restore();
  }
  expect(broken(checkInvariants(await snapshot(window.to)))).toEqual([]);
};

/** The checker on the real servers: a clean run passes, and a violation planted in a service's own database is caught. */
describe('chaos-checker on the running stack', () => {
  let apps: ServiceProcess[];
  let confirmedId: string;

  beforeAll(async () => {
    await infra('up');
    apps = await startWholeStack();
    sessions = [await startGuestSession(ORDER_SERVICE), await startGuestSession(ORDER_SERVICE)];
    customers = sessions.map((session) => session.customerId);
    // Plenty, and more than enough for the later suites that buy the same mug.
    await setStock('MUG-001', 10_000);
    initialStock = await readCurrentStock(addresses);
    window = { from: new Date().toISOString(), to: '' };
    confirmedId = await placeOrder(client, sessions[0] as CustomerSession);
    // The card processor declines only once the first order is charged and confirmed.
    await waitFor('the first order to be confirmed', async () => {
      const orders = await readOrders(addresses, { ...window, to: new Date().toISOString() });
      return orders.some((o) => o.orderId === confirmedId && o.status === 'CONFIRMED') || undefined;
    });
    await provider.behave({ declineRate: 1 });
    await placeOrder(client, sessions[1] as CustomerSession);
    // Quiet: every invariant but the reconciliation's holds on two checks 6 s apart, since the
    // management API's queue figures are up to 5 s old.
    let passes = 0;
    await waitFor(
      'the two orders to settle everywhere',
      async () => {
        const failing = broken(checkInvariants(await snapshot()));
        passes = failing.length === 0 ? passes + 1 : 0;
        if (failing.length > 0) throw new Error(`still broken: ${failing.join('; ')}`);
        return passes >= 2 || undefined;
      },
      { timeoutMs: 90_000, intervalMs: 6_000 },
    );
    window.to = new Date().toISOString();
    const job = await runReconciliationJob(window.from, window.to);
    if (job.code !== 0) throw new Error(`reconciliation job: ${job.code} ${job.stderr}`);
  }, 180_000);

  afterAll(async () => {
    await provider.reset();
    await Promise.all((apps ?? []).map((app) => app.stop()));
  });

  it('given a confirmed and a declined order, when the stack is quiet, then every invariant holds', async () => {
    const verdicts = checkInvariants(await snapshot(window.to));

    // Charges name no customer, so a check narrowed to the run's customers skips orphan charges;
    // and no realtime watcher followed these orders.
    const expected = (v: IdentifiedVerdict) =>
      v.id === 'no-charge-without-order' || v.id === 'watchers-show-final-status'
        ? 'skipped'
        : 'pass';
    expect(verdicts.map((v) => `${v.result} ${v.invariant}: ${v.observed}`)).toEqual(
      verdicts.map((v) => `${expected(v)} ${v.invariant}: ${v.observed}`),
    );
    expect(verdicts.find((v) => v.id === 'orders-final')?.observed).toBe(
      '2 final, 0 pending, 0 past 60 s',
    );
    const { orders } = await snapshot(window.to);
    expect(orders.map((order) => order.status).sort()).toEqual(['CANCELLED', 'CONFIRMED']);
  }, 30_000);

  it("given the confirmed order's payment row deleted, then only payment-service's books fail, naming the order, and `chaos check` exits 1", async () => {
    const restore = await deletePaymentRow(confirmedId);
    try {
      const verdicts = checkInvariants(await snapshot(window.to));

      expect(broken(verdicts)).toEqual(["money: payment-service's books"]);
      expect(brokenInvariants(verdicts)[0]?.offenders).toEqual([confirmedId]);
      const cli = await runChaosCommand(['check', ...windowArguments()]);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`offenders: ${confirmedId}`);
    } finally {
      await restore();
    }
  }, 30_000);

  it('given an outbox row the relay gave up on, then only “every outbox empty” fails, naming it', async () => {
    const planted = await plantGivenUpOutboxRow();
    try {
      const verdicts = checkInvariants(await snapshot(window.to));

      expect(broken(verdicts)).toEqual(['every outbox empty']);
      expect(brokenInvariants(verdicts)[0]?.offenders).toEqual([
        `order-service:${planted.id} PlantedByTheChecker`,
      ]);
    } finally {
      await planted.remove();
    }
  }, 30_000);

  it('given the clean run again, when `chaos check --reconcile --client` runs on its window, then it exits 0', async () => {
    const clientFile = writeClientFile(client);

    const cli = await runChaosCommand([
      'check',
      ...windowArguments(),
      '--client',
      clientFile.path,
      '--reconcile',
    ]);

    expect(cli.stderr).toContain('running the reconciliation over');
    expect(cli.stdout).toMatch(/no order without a 202 .* PASS/);
    expect(cli.stdout).toContain('all 18 invariants checked hold (2 skipped)');
    expect(cli.code).toBe(0);
    clientFile.remove();
  }, 30_000);
  it('given the confirmed order lost from order-service (its rows deleted after the 202), then “every 202 is exactly one order” fails naming it', async () => {
    await caught(() => loseOrder(confirmedId), 'accepted-is-one-order', confirmedId);
  }, 30_000);

  it('given the 2 mugs of the confirmed order back on the shelf without a movement (sold twice), then “initial - confirmed = current” fails naming the SKU', async () => {
    await caught(() => oversell('MUG-001', 2), 'stock-conserved', 'MUG-001');
  }, 30_000);

  it('given the confirmed order set back to PENDING, as a saga stuck without its reply, then “every order final” fails naming it', async () => {
    // The order is seconds old: a 1-s bound makes a PENDING order late now, as 60 s would later.
    await caught(() => unfinishOrder(confirmedId), 'orders-final', confirmedId, {
      finalWithinMs: 1_000,
    });
  }, 30_000);

  it('given a dead letter on email.order-events.dlq that no scenario expects, then “every dead letter accounted for” fails naming it', async () => {
    let messageId = '';
    const plant = async () => {
      const planted = await plantDeadLetter(`${QUEUES.emailOrderEvents}.dlq`);
      messageId = planted.messageId;
      return planted.restore;
    };

    await caught(plant, 'dead-letters-accounted', 'email.order-events.dlq:planted-dead-letter-');
    expect(messageId).toMatch(/^planted-dead-letter-/);
  }, 30_000);

  it('given analytics’ fact of the confirmed order with a wrong total, then “projections equal the orders database” fails naming it', async () => {
    await caught(() => skewProjection(confirmedId), 'projections-match', confirmedId);
  }, 30_000);

  it('given the stack in normal mode, then no app is connected through a Toxiproxy port', async () => {
    const proxied = new Set(CHAOS_PROXIES.map((proxy) => proxy.listenPort));
    await Promise.all(apps.map((app) => app.readiness()));

    for (const app of apps) {
      const ports = [...(await remotePortsOf(app.pid as number))];
      expect({ app: app.name, proxied: ports.filter((port) => proxied.has(port)) }).toEqual({
        app: app.name,
        proxied: [],
      });
    }
    const orderService = apps.find((app) => app.name === 'order-service') as ServiceProcess;
    expect([...(await remotePortsOf(orderService.pid as number))]).toContain(5432);
  }, 30_000);

  it('given the apps running, when `chaos run` is asked, then it refuses with exit 2 naming the taken ports, and bad arguments exit 64', async () => {
    const taken = await runChaosCommand(['run', 'kill-order-service']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('the chaos lab cannot run here:');
    expect(taken.stderr).toContain('port 3001 (order-service) is taken: stop ./bin/run first');

    const bad = await runChaosCommand(['run', 'kill-order-service', '--rate', 'fast']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--rate needs a positive number, got fast');
    const unknown = await runChaosCommand(['run', 'no-such-scenario']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown scenario 'no-such-scenario'");
  }, 60_000);

  // Last: the provider keeps its ledger, so the undo (a refund) leaves the second capture there.
  it('given the confirmed order captured a second time at the provider, then “nothing charged twice” fails naming it', async () => {
    await provider.reset();
    const [order] = (await snapshot(window.to)).orders.filter((o) => o.orderId === confirmedId);
    if (order === undefined) throw new Error(`no order ${confirmedId}`);

    const restore = await chargeAgain(order);
    try {
      const verdicts = checkInvariants(await snapshot(window.to));
      const twice = verdicts.find((v) => v.id === 'charged-once');
      expect(twice).toMatchObject({ result: 'fail', offenders: [confirmedId] });
    } finally {
      await restore();
    }
  }, 30_000);
});
