import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { MailSender } from './smtp-mail-sender.js';

/** The injection token of the app's MailSender. */
export const MAIL_SENDER = Symbol('MAIL_SENDER');

/** Closes the SMTP transport on shutdown, after the consumer stopped taking messages. */
@Injectable()
export class SmtpMailSenderCloser implements OnApplicationShutdown {
  constructor(@Inject(MAIL_SENDER) private readonly sender: MailSender) {}

  onApplicationShutdown(): void {
    this.sender.close();
  }
}
