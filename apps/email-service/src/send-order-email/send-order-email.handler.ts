import type { DataSource, EntityManager } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import { claimSentEmail } from '../persistence/sent-emails.js';
import type { MailSender } from '../smtp/smtp-mail-sender.js';
import { type OrderEmailFact, recipientOf, renderOrderEmail } from './order-email.templates.js';

/** The inbox name of this consumer in processed_messages. */
export const ORDER_EMAIL_CONSUMER = QUEUES.emailOrderEvents;

export type SendOutcome = 'sent' | 'already-sent' | 'duplicate-message';

export type SendOrderEmailDeps = Readonly<{
  dataSource: DataSource;
  sender: MailSender;
  from: string;
  now: () => Date;
  /** The weak variant `no-inbox` (chaos lab only): neither guard below; every delivery mails. */
  noInbox?: boolean;
}>;

/**
 * Sends one mail per order and template. Two guards, both inside one transaction:
 * the inbox skips a redelivered message (same messageId), and the sent_emails key skips the same
 * fact arriving as another message (same order, same template).
 */
export class SendOrderEmailHandler {
  constructor(private readonly deps: SendOrderEmailDeps) {}

  async handle(fact: OrderEmailFact): Promise<SendOutcome> {
    let outcome: SendOutcome = 'duplicate-message';
    const weak = this.deps.noInbox === true;
    await handleOnce(
      this.deps.dataSource,
      ORDER_EMAIL_CONSUMER,
      fact.messageId,
      async (tx) => {
        outcome = await this.sendOnce(tx, fact);
      },
      { weak },
    );
    return outcome;
  }

  private async sendOnce(tx: EntityManager, fact: OrderEmailFact): Promise<SendOutcome> {
    const mail = renderOrderEmail(fact);
    const { orderId, customerId } = fact.data;
    const to = recipientOf(customerId);
    // Deterministic, so a mail resent after a failed commit carries the same Message-ID and a
    // mail client can recognise it as the same mail.
    const messageId = `<${orderId}.${mail.template}@pattern-shop.test>`;
    const claimed = await claimSentEmail(tx, {
      orderId,
      template: mail.template,
      recipient: to,
      subject: mail.subject,
      messageId,
      sentAt: this.deps.now(),
    });
    if (!claimed && this.deps.noInbox !== true) return 'already-sent';
    // Sending is the last step before the commit. SMTP cannot take part in the transaction, so
    // one window remains: the server accepted the mail, then the commit fails (or the process
    // dies). Nothing is recorded, the message is redelivered, and the mail goes out again:
    // at-least-once email, the best SMTP allows. Sending last keeps that window to one commit.
    // A send that fails throws, rolls back the claim and the inbox row, and the message retries.
    const { subject, text } = mail;
    await this.deps.sender.send({ from: this.deps.from, to, subject, text, messageId });
    return 'sent';
  }
}
