import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { backoffDelay } from '@pattern-shop/resilience';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client.js';
import { KafkaProbe } from './kafka-probe.js';
import { ensureKafkaTopics, type KafkaTopicSpec } from './kafka-topics.js';

export type KafkaModuleOptions = KafkaClientOptions &
  Readonly<{
    /** Topics this service writes to; created at start if missing (auto-creation is off). */
    topics?: readonly KafkaTopicSpec[];
  }>;

const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');

/**
 * Provides the service's Kafka client and its readiness probe, and makes sure the topics it
 * writes to exist. Kafka may be down at start: creation is retried in the background with
 * growing pauses until it succeeds, and the outbox keeps its rows meanwhile.
 */
@Module({})
export class KafkaModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;

  constructor(
    @Inject(KafkaProbe) private readonly probe: KafkaProbe,
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaModuleOptions,
  ) {}

  static forRoot(options: KafkaModuleOptions): DynamicModule {
    const kafka = createKafkaClient(options);
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: Kafka, useValue: kafka },
        { provide: KafkaProbe, useValue: new KafkaProbe(kafka) },
        { provide: KAFKA_OPTIONS, useValue: options },
      ],
      exports: [Kafka, KafkaProbe],
    };
  }

  onApplicationBootstrap(): void {
    if ((this.options.topics ?? []).length > 0) void this.ensureTopicsUntilDone();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.probe.close();
  }

  private async ensureTopicsUntilDone(): Promise<void> {
    const topics = this.options.topics ?? [];
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await ensureKafkaTopics(this.kafka, topics, {
          log: (fields, message) => this.options.logger.info(fields, message),
        });
        this.options.logger.info({ topics: topics.map((t) => t.topic) }, 'Kafka topics ready');
        return;
      } catch (error) {
        // Another service may have created the same topic a moment earlier: the next round sees it.
        const delayMs = backoffDelay(attempt, { baseMs: 500, maxMs: 10_000 });
        this.options.logger.warn(
          { attempt, delayMs, reason: String(error) },
          'Kafka topics not ready yet',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }
}
