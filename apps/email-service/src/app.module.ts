import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUES } from '@pattern-shop/contracts';
import { InboxMigrations } from '@pattern-shop/messaging-inbox';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { databaseProbe, PersistenceModule } from '@pattern-shop/persistence';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import type { EmailServiceConfig } from './email-service.config.js';
import { EMAIL_MIGRATIONS } from './persistence/migrations/index.js';
import { SendOrderEmailModule } from './send-order-email/send-order-email.module.js';
import { smtpProbe } from './smtp/smtp.probe.js';

/** Wires email-service: subscribes to order facts and sends real mail over SMTP (pattern 3). */
@Module({})
export class AppModule {
  static register({ config, logger, metrics }: ServiceContext<EmailServiceConfig>): DynamicModule {
    const weak = config.WEAK_MECHANISMS;
    return {
      module: AppModule,
      imports: [
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          applicationName: 'email-service',
          migrations: [...InboxMigrations, ...EMAIL_MIGRATIONS],
        }),
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'email-service',
          logger,
          subscriptionDefaults: {
            service: 'email-service',
            ackBeforeEffect: weak.includes('ack-before-effect'),
            unboundedRetries: weak.includes('unbounded-retries'),
            skipSchemaCheck: weak.includes('no-schema-check'),
          },
          queueMonitor: {
            managementUrl: config.RABBITMQ_MANAGEMENT_URL,
            queues: [QUEUES.emailOrderEvents],
            registry: metrics,
          },
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
        SendOrderEmailModule.register(config),
      ],
    };
  }
}
