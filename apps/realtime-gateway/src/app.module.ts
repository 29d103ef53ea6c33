import { type DynamicModule, Module } from '@nestjs/common';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { METRICS_REGISTRY, PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import type { Registry } from '@pattern-shop/observability';
import { OrderEventsSseController } from './order-events-sse/order-events.sse.controller.js';
import { SseStreams } from './order-events-sse/sse-streams.js';
import { OrderEventsConsumer } from './push-order-status/order-events.rmq.consumer.js';
import { PushOrderStatusHandler } from './push-order-status/push-order-status.handler.js';
import type { RealtimeGatewayConfig } from './realtime-gateway.config.js';
import { RealtimeMetrics } from './realtime-metrics.js';
import { heartbeatSettings } from './socket-server/heartbeat-settings.js';
import { SOCKET_SETTINGS, SocketServer } from './socket-server/socket-server.js';
import { orderServiceBreaker } from './subscribe-to-order/order-service.breaker.js';
import { SubscribeToOrderHandler } from './subscribe-to-order/subscribe-to-order.handler.js';

/** Wires realtime-gateway: pushes order status changes to browsers over socket.io (pattern 6). */
@Module({})
export class AppModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<RealtimeGatewayConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RabbitMqModule.forRoot({
          url: config.RABBITMQ_URL,
          connectionName: 'realtime-gateway',
          logger,
          subscriptionDefaults: {
            service: 'realtime-gateway',
            ackBeforeEffect: config.WEAK_MECHANISMS.includes('ack-before-effect'),
          },
        }),
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: {
            inject: [RabbitConnection],
            useFactory: (rabbit: RabbitConnection) => [rabbitMqProbe(rabbit)],
          },
        }),
      ],
      controllers: [OrderEventsSseController],
      providers: [
        {
          provide: SOCKET_SETTINGS,
          useValue: {
            tokens: { secret: config.ACCESS_TOKEN_SECRET, now: () => new Date() },
            ...heartbeatSettings(config),
          },
        },
        {
          provide: RealtimeMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new RealtimeMetrics(registry),
        },
        {
          provide: SubscribeToOrderHandler,
          useFactory: () =>
            new SubscribeToOrderHandler({
              fetchStatusWith: orderServiceBreaker(config, metrics, logger),
            }),
        },
        SocketServer,
        SseStreams,
        {
          provide: PushOrderStatusHandler,
          inject: [SocketServer, SseStreams, RealtimeMetrics],
          useFactory: (sockets: SocketServer, streams: SseStreams, realtime: RealtimeMetrics) =>
            new PushOrderStatusHandler(
              [
                ['socketio', sockets],
                ['sse', streams],
              ],
              realtime,
            ),
        },
        OrderEventsConsumer,
      ],
    };
  }
}
