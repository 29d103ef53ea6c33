import type { MailRecord } from '../invariants/snapshot.js';
import { getJson, readRows } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

/** What email-service recorded as sent for these orders (no API: read-only SQL, its role). */
export const readSentEmails = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<MailRecord[]> => {
  const rows = await readRows<{ order_id: string; template: string }>(
    addresses.databases.email,
    'SELECT order_id, template FROM sent_emails WHERE order_id = ANY($1::uuid[])',
    [orderIds],
  );
  return rows.map((row) => ({ orderId: row.order_id, template: row.template }));
};

// email-service gives every mail a Message-ID of its order and template (send-order-email).
const MESSAGE_ID = /^<([0-9a-f-]{36})\.([a-z-]+)@pattern-shop\.test>$/;

type SinkMail = Readonly<{ headers?: Record<string, string | string[]> }>;

/** The order and template a received mail is about, from its Message-ID; undefined for others. */
export const mailOf = (mail: SinkMail): MailRecord | undefined => {
  const header = mail.headers?.['message-id'];
  const match = MESSAGE_ID.exec(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  return match === null ? undefined : { orderId: match[1] as string, template: match[2] as string };
};

/**
 * The mails the SMTP sink (MailDev) received for these orders, one entry per mail received, so a
 * mail sent twice shows twice. Chosen by Message-ID, not by time: MailDev's `time` has whole
 * seconds. Its `/api/email` pages by skip and limit in arrival order.
 */
export const readDeliveredMails = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<MailRecord[]> => {
  const wanted = new Set(orderIds);
  const mails: MailRecord[] = [];
  const pageSize = 500;
  for (let skip = 0; ; skip += pageSize) {
    const page = await getJson<SinkMail[]>(
      `${addresses.smtpWebUrl}/api/email?skip=${skip}&limit=${pageSize}`,
    );
    const received = page.map(mailOf).filter((mail) => mail !== undefined);
    mails.push(...received.filter((mail) => wanted.has(mail.orderId)));
    if (page.length < pageSize) return mails;
  }
};
