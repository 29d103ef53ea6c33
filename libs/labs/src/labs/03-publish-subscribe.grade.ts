import { randomUUID } from 'node:crypto';
import { mailsTo, queryServiceDb } from '@pattern-shop/testing';
import { failed, type Grade, passed } from '../lab.js';
import { addressOf, driftedFact, publishDriftedFact } from '../system/drift.js';
import { refusedByEmail } from '../system/drift-letters.js';
import { statusOf } from '../system/stack.js';

/** What the check saw of the OrderConfirmed v2 it sent email-service, and of the learner's. */
export type DriftProbe = Readonly<{
  messageId: string;
  orderId: string;
  customerAddress: string;
  weak: readonly string[];
  /** `x-error-reason` of its letter in email.order-events.dlq, if it was refused. */
  refusal: string | undefined;
  /** The recipient email-service recorded in sent_emails for its order, if it mailed. */
  mailedTo: string | undefined;
  customerMails: number;
  /** The learner's drifted facts (`npm run lab -- drift`) still in the dead letters. */
  lettersWaiting: number;
}>;

export const judgeDrift = (probe: DriftProbe): Grade => {
  const outcome =
    probe.refusal !== undefined
      ? `dead-lettered, reason "${probe.refusal}"`
      : probe.mailedTo !== undefined
        ? `handled: a mail to ${probe.mailedTo}`
        : 'neither handled nor dead-lettered';
  const figures = [
    `email-service runs with: ${probe.weak.length === 0 ? 'its defaults' : probe.weak.map((w) => `weak ${w}`).join(', ')}`,
    `the check's OrderConfirmed v2 ${probe.messageId} (order ${probe.orderId}): ${outcome}`,
    `mails to its customer ${probe.customerAddress}: ${probe.customerMails}`,
    `your drifted facts waiting in email.order-events.dlq: ${probe.lettersWaiting}`,
  ];
  if (probe.refusal !== undefined && probe.mailedTo === undefined && probe.customerMails === 0)
    return passed(figures, [
      'email-service refused the version it does not know, to its dead letters with the reason, and mailed nobody: the drift is loud (a dead letter, an error line in its log, RabbitMQDeadLettersWaiting), and a fact like it waits there until a subscriber that reads v2 is deployed to redrive it to',
    ]);
  if (probe.mailedTo === probe.customerAddress && probe.customerMails > 0)
    return passed(figures, [
      "email-service knows OrderConfirmed v2 now: it read the customer's address from it and mailed them",
    ]);
  if (probe.mailedTo !== undefined)
    return failed(figures, [
      `email-service took OrderConfirmed v2 for the v1 it knows: it mailed ${probe.mailedTo}, not the customer (${probe.customerAddress}), and counted the fact handled: no error, no dead letter, nobody told`,
      ...(probe.weak.includes('no-schema-check')
        ? ['it runs with weak no-schema-check: it reads data without checking its version']
        : []),
    ]);
  return failed(figures, [
    'email-service neither mailed nor refused the fact: is it running (npm run stack -- status)?',
  ]);
};

/** Sends email-service a fact of a version it does not know, and reads what became of it. */
export const probeDrift = async (log: (line: string) => void): Promise<Grade> => {
  const email = await statusOf('email-service');
  const fact = driftedFact(`lab3-check-${randomUUID().slice(0, 8)}`);
  log(
    `sending OrderConfirmed v2 ${fact.messageId} (order ${fact.orderId}) to email.order-events; waiting for email-service to settle it...`,
  );
  await publishDriftedFact(fact, 'email-service');
  const [sent] = await queryServiceDb<{ recipient: string }>(
    'email-service',
    'SELECT recipient FROM sent_emails WHERE order_id = $1',
    [fact.orderId],
  );
  // The check's own letter is evidence for this verdict only: it is removed, the learner's stay.
  const letters = await refusedByEmail(fact.messageId);
  const customerAddress = addressOf(fact.customerId);
  return judgeDrift({
    messageId: fact.messageId,
    orderId: fact.orderId,
    customerAddress,
    weak: email.weak,
    refusal: letters.find((l) => l.messageId === fact.messageId)?.reason,
    mailedTo: sent?.recipient,
    customerMails: (await mailsTo(customerAddress)).length,
    lettersWaiting: letters.filter(
      (l) => l.correlationId.startsWith('lab3-') && !l.correlationId.startsWith('lab3-check-'),
    ).length,
  });
};
