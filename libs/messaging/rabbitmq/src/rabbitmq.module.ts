import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { RabbitConnection, type RabbitConnectionOptions } from './rabbit-connection.js';

/** Provides the service's one `RabbitConnection`, opened at start and closed at shutdown. */
@Module({})
export class RabbitMqModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(RabbitConnection) private readonly connection: RabbitConnection) {}

  static forRoot(options: RabbitConnectionOptions): DynamicModule {
    return {
      module: RabbitMqModule,
      global: true,
      providers: [{ provide: RabbitConnection, useValue: new RabbitConnection(options) }],
      exports: [RabbitConnection],
    };
  }

  onModuleInit(): Promise<void> {
    return this.connection.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.connection.close();
  }
}
