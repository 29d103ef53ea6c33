import { type ConsumerRoute, routesOf } from './message-routes.js';
import type { PublishedMessage, SystemSnapshot } from './snapshot.js';
import { type Verdict, verdict } from './verdict.js';

/** The management API's queue figures can be this old: a newer message may be on its way. */
export const IN_FLIGHT_MS = 5_000;

type Delivery = Readonly<{ route: ConsumerRoute; message: PublishedMessage }>;

const key = (...parts: string[]) => parts.join('\n');

const inWindow = (snapshot: SystemSnapshot) => {
  const [from, to] = [Date.parse(snapshot.scope.from), Date.parse(snapshot.scope.to)];
  return (message: PublishedMessage) => {
    const at = Date.parse(message.publishedAt);
    return at >= from && at < to;
  };
};

/** Each consumer's share of the window's messages: one delivery per (consumer, message id). */
const deliveriesOf = (snapshot: SystemSnapshot): Delivery[] => {
  const deliveries = new Map<string, Delivery>();
  for (const message of snapshot.messages.published.filter(inWindow(snapshot))) {
    for (const route of routesOf(message)) {
      deliveries.set(key(route.consumer, message.messageId), { route, message });
    }
  }
  return [...deliveries.values()];
};

const counted = (labels: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => `${label} ${count}`).join(', ');
};

/** `email.order-events 34 of 100`: the share shows a consumer that recorded nothing at all. */
const ofEach = (some: readonly Delivery[], all: readonly Delivery[]): string => {
  const consumers = [...new Set(some.map((d) => d.route.consumer))];
  const count = (deliveries: readonly Delivery[], consumer: string) =>
    deliveries.filter((d) => d.route.consumer === consumer).length;
  return consumers.map((c) => `${c} ${count(some, c)} of ${count(all, c)}`).join(', ');
};

/**
 * Message by message: everything an outbox published in the window to a consumer is in that
 * consumer's inbox or in its dead letters. A message that is in neither is lost, unless its
 * consumer's queue still holds messages (or it is younger than the queue figures): then it may
 * still be in flight, which fails too, but is said. A consumer that keeps no record of a message
 * (realtime-gateway's pushes, the types analytics ignores, the saga's StockReleased) accounts for
 * it by its queue or its committed Kafka offset: drained and not dead-lettered, it was acked;
 * still waiting, it is neither. Those are counted apart, by consumer.
 */
export const publishedIsHandledOrDeadLettered = (snapshot: SystemSnapshot): Verdict => {
  const handled = new Set(snapshot.messages.handled.map((h) => key(h.consumer, h.messageId)));
  const dead = new Set(snapshot.deadLetters.map((letter) => key(letter.source, letter.messageId)));
  const busy = snapshot.queues.filter((queue) => queue.messages > 0).map((queue) => queue.name);
  const takenAt = Date.parse(snapshot.takenAt);
  const inFlight = ({ route, message }: Delivery) =>
    busy.some(route.holds) || takenAt - Date.parse(message.publishedAt) < IN_FLIGHT_MS;

  const unrecorded: Delivery[] = [];
  const tracked: Delivery[] = [];
  for (const delivery of deliveriesOf(snapshot)) {
    if (delivery.route.untracked?.(delivery.message) === undefined) tracked.push(delivery);
    else unrecorded.push(delivery);
  }
  const isHandled = ({ route, message }: Delivery) =>
    handled.has(key(route.consumer, message.messageId));
  const isDead = ({ route, message }: Delivery) =>
    !isHandled({ route, message }) && dead.has(key(route.deadLetters, message.messageId));
  // Without a record, only a drained queue (or a committed offset) says it was taken and acked.
  const acked = unrecorded.filter((d) => !isDead(d) && !inFlight(d));
  const [handledCount, deadCount] = [
    tracked.filter(isHandled).length,
    [...tracked, ...unrecorded].filter(isDead).length,
  ];
  const neither = [
    ...tracked.filter((d) => !isHandled(d) && !isDead(d)),
    ...unrecorded.filter((d) => !isDead(d) && inFlight(d)),
  ];
  const unsettled = neither.filter(inFlight);
  const all = [...tracked, ...unrecorded];

  const result = verdict(
    'published = handled + dead-lettered',
    `${all.length} deliveries, each handled, acked or dead-lettered`,
    `${handledCount} handled, ${deadCount} dead-lettered, ${neither.length} neither` +
      (unsettled.length > 0 ? ` (${unsettled.length} maybe in flight)` : '') +
      (acked.length > 0 ? `; ${acked.length} acked without a record` : ''),
    neither.map(({ route, message }) => `${route.consumer}:${message.messageId} ${message.type}`),
  );
  const why = ({ route, message }: Delivery) => `${route.consumer} (${route.untracked?.(message)})`;
  const notes = [
    ...(neither.length > 0 ? [`neither: ${ofEach(neither, all)}`] : []),
    ...(acked.length > 0 ? [`acked without a record: ${counted(acked.map(why))}`] : []),
  ];
  return notes.length === 0 ? result : { ...result, note: notes.join('; ') };
};
