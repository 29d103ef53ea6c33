import type {
  CheckPolicy,
  DeadLetterRecord,
  ExpectedDeadLetters,
  SystemSnapshot,
} from './snapshot.js';
import { sum, type Verdict, verdict } from './verdict.js';

/** A row left in an outbox is a fact the rest of the system never heard. */
export const outboxesEmpty = (snapshot: SystemSnapshot): Verdict => {
  const services = [...new Set(snapshot.outbox.map((row) => row.service))];
  const perService = services.map(
    (service) => `${service} ${snapshot.outbox.filter((row) => row.service === service).length}`,
  );
  return verdict(
    'every outbox empty',
    '0 unpublished rows',
    snapshot.outbox.length === 0 ? '0 unpublished rows' : `unpublished: ${perService.join(', ')}`,
    snapshot.outbox.map((row) => `${row.service}:${row.id} ${row.type}`),
  );
};

const matches = (expected: ExpectedDeadLetters) => (letter: DeadLetterRecord) =>
  (expected.source === undefined || expected.source === letter.source) &&
  (expected.type === undefined || expected.type === letter.type) &&
  (expected.reasonIncludes === undefined || letter.reason.includes(expected.reasonIncludes)) &&
  (expected.messageIdPrefix === undefined || letter.messageId.startsWith(expected.messageIdPrefix));

const describeExpected = (expected: ExpectedDeadLetters): string =>
  [expected.source, expected.type, expected.messageIdPrefix && `${expected.messageIdPrefix}*`]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');

/**
 * A dead letter is either what the scenario set out to cause, or a finding; and what it set out
 * to cause with a count must all be there (a planted poison message that vanished is lost).
 */
export const deadLettersAccounted = (snapshot: SystemSnapshot, policy: CheckPolicy): Verdict => {
  const letters = snapshot.deadLetters;
  const unaccounted = letters.filter(
    (letter) => !policy.expectedDeadLetters.some((expected) => matches(expected)(letter)),
  );
  const missing = policy.expectedDeadLetters.flatMap((expected) => {
    const found = letters.filter(matches(expected)).length;
    return expected.count === undefined || found === expected.count
      ? []
      : [`${describeExpected(expected)}: ${found} of ${expected.count}`];
  });
  const sources = [...new Set(unaccounted.map((letter) => letter.source))];
  const observed = [
    unaccounted.length === 0
      ? `${letters.length} dead letters, all expected`
      : `${unaccounted.length} unaccounted, in ${sources.join(', ')}`,
    ...(missing.length === 0 ? [] : [`expected but not found: ${missing.join('; ')}`]),
  ].join('; ');
  return verdict(
    'every dead letter accounted for',
    `the ${letters.length - unaccounted.length} the scenario expects, no other`,
    observed,
    [
      ...unaccounted.map((letter) => `${letter.source}:${letter.messageId} ${letter.type}`),
      ...missing,
    ],
  );
};

/** Once the run is quiet, no consumed queue (or its retry queues) holds a message. */
export const nothingLeftInQueues = (snapshot: SystemSnapshot): Verdict => {
  const busy = snapshot.queues.filter((queue) => queue.messages > 0);
  return verdict(
    'nothing unacked or waiting in queues',
    `${snapshot.queues.length} queues empty`,
    `${sum(busy.map((queue) => queue.messages))} messages in ${busy.length} queues`,
    busy.map((queue) => `${queue.name} (${queue.messages})`),
  );
};
