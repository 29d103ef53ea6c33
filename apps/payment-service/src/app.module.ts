import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceContext } from '@pattern-shop/platform';
import { InfrastructureModule } from './infrastructure.module.js';
import { PaymentCommandsModule } from './payment-commands/payment-commands.module.js';
import type { PaymentServiceConfig } from './payment-service.config.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';

/**
 * payment-service owns payments and refunds: it takes the saga's payment commands and calls the
 * card processor for them, and shows its payments to the nightly reconciliation.
 */
@Module({})
export class AppModule {
  static register(context: ServiceContext<PaymentServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(context),
        PaymentCommandsModule.register(context),
        ReconciliationModule,
      ],
    };
  }
}
