import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type ServiceContext } from '@pattern-shop/platform';
import type { PaymentProviderConfig } from './payment-provider.config.js';

/** Wires payment-provider: a stand-in for an outside card processor, with latency and failure knobs. */
@Module({})
export class AppModule {
  static register({ logger, metrics }: ServiceContext<PaymentProviderConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          logger,
          metrics,
          readiness: { useFactory: () => [] },
        }),
      ],
    };
  }
}
