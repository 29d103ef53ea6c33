import type { CheckPolicy, SystemSnapshot } from './snapshot.js';
import { runOrders, type Verdict, verdict } from './verdict.js';

/** Saga states that wait for a person, not for a reply (libs/checkout-saga). */
const PARKED = 'COMPENSATION_FAILED';

/**
 * Every order CONFIRMED or CANCELLED within the bound. A final order's last update is when it
 * became final; a PENDING one is late once the bound has passed at the time of the snapshot.
 */
export const everyOrderFinal = (snapshot: SystemSnapshot, policy: CheckPolicy): Verdict => {
  const orders = runOrders(snapshot);
  const now = Date.parse(snapshot.takenAt);
  const late = orders.filter((order) => {
    const placed = Date.parse(order.createdAt);
    const finalAt = order.status === 'PENDING' ? now : Date.parse(order.updatedAt);
    return finalAt - placed > policy.finalWithinMs;
  });
  const pending = orders.filter((order) => order.status === 'PENDING').length;
  const seconds = policy.finalWithinMs / 1000;
  return verdict(
    'every order final (CONFIRMED or CANCELLED)',
    `${orders.length} orders final within ${seconds} s`,
    `${orders.length - pending} final, ${pending} pending, ${late.length} past ${seconds} s`,
    late.map((order) => order.orderId),
  );
};

/** Parked sagas hold money or stock a person has to look at: counted, named, and bounded. */
export const parkedSagas = (snapshot: SystemSnapshot, policy: CheckPolicy): Verdict => {
  const ids = new Set(runOrders(snapshot).map((order) => order.orderId));
  const parked = snapshot.sagas.filter((saga) => ids.has(saga.orderId) && saga.status === PARKED);
  const name = 'parked sagas';
  const expected = `at most ${policy.allowedParkedSagas} parked (${PARKED})`;
  const observed = `${parked.length} parked`;
  const named = verdict(
    name,
    expected,
    observed,
    parked.map((saga) => saga.orderId),
  );
  // Named even when allowed: a person has to resume them.
  return parked.length <= policy.allowedParkedSagas ? { ...named, result: 'pass' } : named;
};
