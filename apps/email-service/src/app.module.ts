import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { smtpProbe } from './smtp/smtp.probe.js';
import type { EmailServiceConfig } from './email-service.config.js';

/** Wires email-service: subscribes to order facts and sends real mail over SMTP (pattern 3). */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<EmailServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, applicationName: 'email-service' }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'email-service',
          logger,
        }),
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: {
            inject: [DataSource, RabbitConnection],
            useFactory: (database: DataSource, rabbit: RabbitConnection) => [
              databaseProbe(database),
              rabbitMqProbe(rabbit),
              smtpProbe(config.SMTP_HOST, config.SMTP_PORT),
            ],
          },
        }),
      ],
    };
  }
}
