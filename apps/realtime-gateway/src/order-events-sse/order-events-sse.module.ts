import { type DynamicModule, Module } from '@nestjs/common';
import { OrderEventsSseController } from './order-events.sse.controller.js';
import { SseStreams } from './sse-streams.js';

/**
 * The same subscription over Server-Sent Events, for clients that cannot hold a socket.io
 * connection. `subscribeToOrder` is the one instance AppModule registered, so both channels
 * share the handler, the settings and the metrics.
 */
@Module({})
export class OrderEventsSseModule {
  static register(subscribeToOrder: DynamicModule): DynamicModule {
    return {
      module: OrderEventsSseModule,
      imports: [subscribeToOrder],
      controllers: [OrderEventsSseController],
      providers: [SseStreams],
      exports: [SseStreams],
    };
  }
}
