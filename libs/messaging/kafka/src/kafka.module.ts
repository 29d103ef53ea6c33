import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client.js';
import { KafkaProbe } from './kafka-probe.js';

/** Provides the service's Kafka client and its readiness probe. */
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(KafkaProbe) private readonly probe: KafkaProbe) {}

  static forRoot(options: KafkaClientOptions): DynamicModule {
    const kafka = createKafkaClient(options);
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: Kafka, useValue: kafka },
        { provide: KafkaProbe, useValue: new KafkaProbe(kafka) },
      ],
      exports: [Kafka, KafkaProbe],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.probe.close();
  }
}
