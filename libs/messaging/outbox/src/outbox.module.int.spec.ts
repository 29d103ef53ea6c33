import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RabbitMqModule } from '@pattern-shop/messaging-rabbitmq';
import { Registry } from '@pattern-shop/observability';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { OutboxModule } from './outbox.module.js';
import * as kit from './testing/outbox-test-kit.js';

describe('OutboxModule in a Nest application with RabbitMQ only (real servers)', () => {
  let db: Awaited<ReturnType<typeof kit.openOutboxSchema>>;
  let listener: Awaited<ReturnType<typeof kit.listenOnTestExchange>>;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    db = await kit.openOutboxSchema('module');
    listener = await kit.listenOnTestExchange(LOCAL_INFRA.rabbitmqUrl, 'module');
  });

  afterAll(async () => {
    await app?.close();
    await listener?.close();
    await db?.drop();
  });

  it('given a service without Kafka, when the app runs, then RabbitMQ rows are relayed, Kafka rows wait with a clear error, and the app closes cleanly', async () => {
    @Module({
      imports: [
        TypeOrmModule.forRoot({ ...db.options, migrationsRun: false }),
        RabbitMqModule.forRoot({
          url: LOCAL_INFRA.rabbitmqUrl,
          connectionName: 'outbox-module-spec',
        }),
        OutboxModule.forRoot({
          service: 'outbox-module-spec',
          metrics: new Registry(),
          logger: kit.quietLogger(),
          pollIntervalMs: 20,
        }),
      ],
    })
    class TestServiceModule {}
    app = await NestFactory.createApplicationContext(TestServiceModule, { logger: false });
    await app.init();
    const envelope = kit.testEnvelope(`order-${kit.uniqueSuffix()}`);

    await kit.appendCommitted(db.dataSource, [
      { destination: 'rabbitmq', exchange: listener.exchange, routingKey: 'module', envelope },
      { destination: 'kafka', topic: 'orders.events', key: envelope.aggregateId, envelope },
    ]);

    await waitFor('the RabbitMQ copy', async () =>
      listener.received.some((m) => m.envelope.messageId === envelope.messageId) ? true : undefined,
    );
    const kafkaRow = await waitFor('the Kafka row to fail', async () =>
      (await kit.outboxRows(db.dataSource)).find(
        (row) => row.destination === 'kafka' && row.attempts > 0,
      ),
    );
    expect(kafkaRow.last_error).toBe('no kafka publisher in this service');
    expect(kafkaRow.published_at).toBeNull();

    // The relay stops before the pool and the connection close, so closing neither hangs nor fails.
    await expect(app.close()).resolves.toBeUndefined();
    app = undefined;
  }, 30_000);
});
