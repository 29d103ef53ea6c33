import { type DynamicModule, Module } from '@nestjs/common';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { OrderEventsSseModule } from './order-events-sse/order-events-sse.module.js';
import { PushOrderStatusModule } from './push-order-status/push-order-status.module.js';
import type { RealtimeGatewayConfig } from './realtime-gateway.config.js';
import { SubscribeToOrderModule } from './subscribe-to-order/subscribe-to-order.module.js';

/** Wires realtime-gateway: pushes order status changes to browsers over socket.io (pattern 6). */
@Module({})
export class AppModule {
  static register(context: ServiceContext<RealtimeGatewayConfig>): DynamicModule {
    const { config, logger, metrics } = context;
    // One instance of each, shared by the modules that use them.
    const subscribeToOrder = SubscribeToOrderModule.register(context);
    const orderEventsSse = OrderEventsSseModule.register(
      subscribeToOrder,
      config.SSE_TICKET_TTL_MS,
    );
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
        subscribeToOrder,
        orderEventsSse,
        PushOrderStatusModule.register(subscribeToOrder, orderEventsSse),
      ],
    };
  }
}
