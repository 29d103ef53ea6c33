import type { ClientRequest, KeyRecord, SystemSnapshot } from './snapshot.js';
import { groupBy, runOrders, skipped, type Verdict, verdict } from './verdict.js';

const keyName = (request: Readonly<{ customerId: string; key: string }>) =>
  `${request.customerId}/${request.key}`;

/** Answers that settle a key: a 2xx or a refusal; in-flight (409), timeouts and 5xx do not. */
const isFinalAnswer = (status: number) =>
  (status >= 200 && status < 300) ||
  (status >= 400 && status < 500 && ![408, 409, 429].includes(status));

const acceptedIds = (request: ClientRequest): string[] => [
  ...new Set(
    request.attempts
      .filter((attempt) => attempt.status === 202 && attempt.orderId !== undefined)
      .map((attempt) => attempt.orderId as string),
  ),
];

const keysInScope = (snapshot: SystemSnapshot): readonly KeyRecord[] => {
  const from = Date.parse(snapshot.scope.from);
  const to = Date.parse(snapshot.scope.to);
  const customers = snapshot.scope.customerIds;
  return snapshot.keys.filter(
    (key) =>
      Date.parse(key.createdAt) >= from &&
      Date.parse(key.createdAt) < to &&
      (customers === undefined || customers.includes(key.customerId)),
  );
};

/** Every 202 the client got names exactly one order, and that order exists. */
export const everyAcceptanceIsOneOrder = (snapshot: SystemSnapshot): Verdict => {
  const name = 'every 202 is exactly one order';
  const existing = new Set(snapshot.orders.map((order) => order.orderId));
  if (snapshot.client === undefined) {
    // Without the client's record, the keys' stored answers are the next best witness.
    const accepted = keysInScope(snapshot).filter((key) => key.responseStatus === 202);
    const lost = accepted.filter((key) => key.orderId === null || !existing.has(key.orderId));
    return verdict(
      name,
      `each of ${accepted.length} keys answered 202 has its order`,
      `${accepted.length - lost.length} have it, ${lost.length} lost (keys: no client record)`,
      lost.map((key) => key.orderId ?? keyName(key)),
    );
  }
  const accepted = snapshot.client.filter((request) => acceptedIds(request).length > 0);
  const offenders = accepted.flatMap((request) => {
    const ids = acceptedIds(request);
    if (ids.length > 1) return [keyName(request)];
    return ids.filter((id) => !existing.has(id));
  });
  return verdict(
    name,
    `${accepted.length} keys answered 202, one existing order each`,
    `${accepted.length - offenders.length} one order, ${offenders.length} lost or doubled`,
    offenders,
  );
};

/** No order of the run exists that its client was never told about. */
export const noOrderWithoutAcceptance = (snapshot: SystemSnapshot): Verdict => {
  const name = 'no order without a 202';
  if (snapshot.client === undefined) {
    return skipped(name, 'every order answered 202 to its client', 'no client record');
  }
  const told = new Set(snapshot.client.flatMap(acceptedIds));
  const orders = runOrders(snapshot);
  const untold = orders.filter((order) => !told.has(order.orderId));
  return verdict(
    name,
    `each of ${orders.length} orders answered 202 to its client`,
    `${untold.length} orders the client never got a 202 for`,
    untold.map((order) => order.orderId),
  );
};

/** A key stands for one answer: the client never hears two, and the server stored the one it gave. */
export const oneOrderPerKey = (snapshot: SystemSnapshot): Verdict => {
  const name = 'one answer (one order) per idempotency key';
  const keys = keysInScope(snapshot);
  const byOrder = groupBy(
    keys.filter((key) => key.orderId !== null),
    (key) => key.orderId as string,
  );
  const shared = [...byOrder].filter(([, group]) => group.length > 1).map(([id]) => id);
  const stored = new Map(keys.map((key) => [keyName(key), key]));
  const answeredTwice = (snapshot.client ?? []).filter((request) => {
    const answers = request.attempts.filter((attempt) => isFinalAnswer(attempt.status));
    const distinct = new Set(answers.map((answer) => `${answer.status} ${answer.orderId ?? ''}`));
    const last = answers.at(-1);
    const key = stored.get(keyName(request));
    const storedDiffers =
      last !== undefined &&
      key !== undefined &&
      key.responseStatus !== null &&
      (key.responseStatus !== last.status || (key.orderId ?? undefined) !== last.orderId);
    return distinct.size > 1 || storedDiffers;
  });
  const offenders = [...answeredTwice.map(keyName), ...shared];
  const witness = snapshot.client === undefined ? 'keys' : 'keys, client';
  return verdict(
    name,
    `${keys.length} keys, one answer, at most one order each`,
    `${offenders.length} answered twice or sharing an order (${witness})`,
    offenders,
  );
};
