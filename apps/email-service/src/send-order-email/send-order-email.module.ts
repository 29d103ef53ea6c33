import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EmailServiceConfig } from '../email-service.config.js';
import { MAIL_SENDER, SmtpMailSenderCloser } from '../smtp/mail-sender.provider.js';
import { type MailSender, smtpMailSender } from '../smtp/smtp-mail-sender.js';
import { OrderEventsConsumer } from './order-events.rmq.consumer.js';
import { SendOrderEmailHandler } from './send-order-email.handler.js';

/** One mail per final order: the order-events subscriber, its handler and the SMTP sender. */
@Module({})
export class SendOrderEmailModule {
  static register(config: EmailServiceConfig): DynamicModule {
    return {
      module: SendOrderEmailModule,
      providers: [
        {
          provide: MAIL_SENDER,
          useFactory: () => smtpMailSender(config.SMTP_HOST, config.SMTP_PORT),
        },
        SmtpMailSenderCloser,
        {
          provide: SendOrderEmailHandler,
          inject: [DataSource, MAIL_SENDER],
          useFactory: (dataSource: DataSource, sender: MailSender) =>
            new SendOrderEmailHandler({
              dataSource,
              sender,
              from: config.MAIL_FROM,
              now: () => new Date(),
              noInbox: config.WEAK_MECHANISMS.includes('no-inbox'),
            }),
        },
        OrderEventsConsumer,
      ],
    };
  }
}
