import type { EntityManager } from 'typeorm';

/** One row of `sent_emails`: the record that an order's mail of one template went out. */
export type SentEmail = Readonly<{
  orderId: string;
  template: string;
  recipient: string;
  subject: string;
  messageId: string;
  sentAt: Date;
}>;

/**
 * Claims the (order, template) key inside the caller's transaction: true when this call wrote
 * the row, false when an earlier mail of the same fact holds it.
 */
export const claimSentEmail = async (tx: EntityManager, mail: SentEmail): Promise<boolean> => {
  const claimed: unknown[] = await tx.query(
    `INSERT INTO sent_emails (order_id, template, recipient, subject, message_id, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (order_id, template) DO NOTHING
     RETURNING order_id`,
    [mail.orderId, mail.template, mail.recipient, mail.subject, mail.messageId, mail.sentAt],
  );
  return claimed.length > 0;
};
