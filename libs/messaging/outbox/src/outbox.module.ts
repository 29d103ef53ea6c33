import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { MessageSigner } from '@pattern-shop/messaging-signing';
import type { Logger, Registry } from '@pattern-shop/observability';
import { IdempotentProducer } from '@pattern-shop/messaging-kafka';
import {
  ConfirmingPublisher,
  declareEventExchanges,
  RabbitConnection,
} from '@pattern-shop/messaging-rabbitmq';
import { kafkaOutboxPublisher, rabbitMqOutboxPublisher } from './outbox-publishers.js';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay.js';

export type OutboxModuleOptions = Readonly<{
  service: string;
  metrics: Registry;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  retryDelay?: OutboxRelayOptions['retryDelay'];
  probeDelay?: OutboxRelayOptions['probeDelay'];
  /** Signs what goes out on RabbitMQ with this service's key; unsigned without one. */
  signer?: MessageSigner;
}>;

/** The relay and what it must close after it: the broker publishers it opened. */
class RunningOutbox {
  constructor(
    readonly relay: OutboxRelay,
    readonly close: () => Promise<void>,
  ) {}
}

/**
 * Runs the outbox relay inside a service: started once the application is up, stopped before the
 * connections close (it finishes its batch in flight first). Uses the service's DataSource and
 * whichever of RabbitConnection and Kafka the service provides; rows for a broker the service does
 * not use stay pending with a clear `last_error`.
 */
@Module({})
export class OutboxModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(RunningOutbox) private readonly outbox: RunningOutbox) {}

  static forRoot(options: OutboxModuleOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        {
          provide: RunningOutbox,
          inject: [
            DataSource,
            { token: RabbitConnection, optional: true },
            { token: Kafka, optional: true },
          ],
          useFactory: (dataSource: DataSource, rabbit?: RabbitConnection, kafka?: Kafka) => {
            const confirming =
              rabbit && new ConfirmingPublisher(rabbit, { setup: declareEventExchanges });
            const producer = kafka && new IdempotentProducer(kafka);
            const relay = new OutboxRelay({
              ...options,
              dataSource,
              publishers: {
                rabbitmq:
                  confirming &&
                  rabbitMqOutboxPublisher(confirming, options.service, options.signer),
                kafka: producer && kafkaOutboxPublisher(producer),
              },
            });
            return new RunningOutbox(relay, async () => {
              await confirming?.close();
              await producer?.close();
            });
          },
        },
      ],
      exports: [RunningOutbox],
    };
  }

  onApplicationBootstrap(): void {
    this.outbox.relay.start();
  }

  /** Before `onApplicationShutdown`, where the broker connections and the pool close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.relay.stop();
    await this.outbox.close();
  }
}
