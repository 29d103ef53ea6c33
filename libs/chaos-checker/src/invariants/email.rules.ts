import type { CheckPolicy, MailRecord, OrderRecord, SystemSnapshot } from './snapshot.js';
import { groupBy, runOrders, type Verdict, verdict } from './verdict.js';

/** The one mail a final order gets (email-service's templates). */
export const templateFor = (order: OrderRecord): string | undefined =>
  order.status === 'CONFIRMED'
    ? 'order-confirmed'
    : order.status === 'CANCELLED'
      ? 'order-cancelled'
      : undefined;

const mailKey = (mail: MailRecord) => `${mail.orderId} ${mail.template}`;

/**
 * Exactly one mail per final order, with the template of its outcome: recorded by email-service
 * and received by the SMTP sink once. SMTP is outside the transaction, so a crash between send
 * and commit may send twice; the scenario says how many of those it allows.
 */
export const oneMailPerFinalOrder = (snapshot: SystemSnapshot, policy: CheckPolicy): Verdict => {
  const orders = runOrders(snapshot).filter((order) => templateFor(order) !== undefined);
  const recorded = groupBy(snapshot.sentEmails, (mail) => mail.orderId);
  const delivered = groupBy(snapshot.deliveredMails, mailKey);
  const missing: string[] = [];
  const wrongTemplate: string[] = [];
  const duplicated: string[] = [];
  for (const order of orders) {
    const template = templateFor(order) as string;
    const rows = recorded.get(order.orderId) ?? [];
    const copies = delivered.get(mailKey({ orderId: order.orderId, template }))?.length ?? 0;
    if (rows.some((row) => row.template !== template)) wrongTemplate.push(order.orderId);
    if (!rows.some((row) => row.template === template) || copies === 0) {
      missing.push(order.orderId);
    }
    if (copies > 1) duplicated.push(...Array<string>(copies - 1).fill(order.orderId));
  }
  const tooMany = duplicated.length > policy.allowedDuplicateMails ? duplicated : [];
  const duplicates =
    duplicated.length === 0
      ? ''
      : `, ${duplicated.length} duplicates (${policy.allowedDuplicateMails} allowed)`;
  return verdict(
    'one mail per final order and template',
    `${orders.length} mails, one each`,
    `${missing.length} missing, ${wrongTemplate.length} with a wrong template${duplicates}`,
    [...missing, ...wrongTemplate, ...tooMany],
  );
};
