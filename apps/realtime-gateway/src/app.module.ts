import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import { RabbitConnection, RabbitMqModule, rabbitMqProbe } from '@pattern-shop/messaging-rabbitmq';
import type { RealtimeGatewayConfig } from './realtime-gateway.config.js';

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
    };
  }
}
