import { type DynamicModule, Module } from '@nestjs/common';
import { RealtimeActivity } from '../realtime-activity.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { SocketServer } from '../socket-server/socket-server.js';
import { SseStreams } from '../order-events-sse/sse-streams.js';
import { OrderEventsConsumer } from './order-events.rmq.consumer.js';
import { PushOrderStatusHandler } from './push-order-status.handler.js';

/** Order status facts from RabbitMQ, pushed to the subscribers of both channels. */
@Module({})
export class PushOrderStatusModule {
  static register(subscribeToOrder: DynamicModule, orderEventsSse: DynamicModule): DynamicModule {
    return {
      module: PushOrderStatusModule,
      imports: [subscribeToOrder, orderEventsSse],
      providers: [
        {
          provide: PushOrderStatusHandler,
          inject: [SocketServer, SseStreams, RealtimeMetrics, RealtimeActivity],
          useFactory: (
            sockets: SocketServer,
            streams: SseStreams,
            realtime: RealtimeMetrics,
            activity: RealtimeActivity,
          ) =>
            new PushOrderStatusHandler(
              [
                ['socketio', sockets],
                ['sse', streams],
              ],
              realtime,
              activity,
            ),
        },
        OrderEventsConsumer,
      ],
    };
  }
}
