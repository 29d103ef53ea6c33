import { type DynamicModule, Module } from '@nestjs/common';
import type { Registry } from '@pattern-shop/observability';
import { METRICS_REGISTRY, type ServiceContext } from '@pattern-shop/platform';
import type { RealtimeGatewayConfig } from '../realtime-gateway.config.js';
import { RealtimeActivity } from '../realtime-activity.js';
import { RealtimeMetrics } from '../realtime-metrics.js';
import { heartbeatSettings } from '../socket-server/heartbeat-settings.js';
import { SOCKET_SETTINGS, SocketServer } from '../socket-server/socket-server.js';
import { orderServiceBreaker } from './order-service.breaker.js';
import { SubscribeToOrderHandler } from './subscribe-to-order.handler.js';

/**
 * A client subscribes to its own order over socket.io: the token check, the current status from
 * order-service behind its breaker, the heartbeats. Exports what the other push channel (SSE)
 * and the status pushes share with it.
 */
@Module({})
export class SubscribeToOrderModule {
  static register({
    config,
    logger,
    metrics,
  }: ServiceContext<RealtimeGatewayConfig>): DynamicModule {
    return {
      module: SubscribeToOrderModule,
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
          provide: RealtimeActivity,
          inject: [RealtimeMetrics],
          useFactory: (realtime: RealtimeMetrics) => new RealtimeActivity(logger, realtime),
        },
        {
          provide: SubscribeToOrderHandler,
          useFactory: () =>
            new SubscribeToOrderHandler({
              fetchStatusWith: orderServiceBreaker(config, metrics, logger),
            }),
        },
        SocketServer,
      ],
      exports: [
        SOCKET_SETTINGS,
        RealtimeMetrics,
        RealtimeActivity,
        SubscribeToOrderHandler,
        SocketServer,
      ],
    };
  }
}
