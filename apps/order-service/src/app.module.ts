import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceContext } from '@pattern-shop/platform';
import { AccessModule } from './access/access.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { CheckoutSagaModule } from './checkout-saga/checkout-saga.module.js';
import { ClockModule } from './clock/clock.module.js';
import { CustomerIdentityModule } from './customer-identity/customer-identity.module.js';
import { GetOrderModule } from './get-order/get-order.module.js';
import { InfrastructureModule } from './infrastructure.module.js';
import { ListOrdersModule } from './list-orders/list-orders.module.js';
import type { OrderServiceConfig } from './order-service.config.js';
import { PlaceOrderModule } from './place-order/place-order.module.js';
import { RateLimitsModule } from './rate-limits/rate-limits.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';

/**
 * order-service owns orders: it issues customer tokens (guest, registration, sign-in), takes
 * orders over REST (pattern 1), shows them to their customers, orchestrates each one's checkout
 * saga (pattern 5), keeps a replica of the catalogue to price with, and shows its orders to the
 * nightly reconciliation.
 */
@Module({})
export class AppModule {
  static register(context: ServiceContext<OrderServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(context),
        ClockModule,
        AccessModule,
        RateLimitsModule,
        CustomerIdentityModule,
        PlaceOrderModule,
        GetOrderModule,
        ListOrdersModule,
        CheckoutSagaModule,
        CatalogueModule,
        ReconciliationModule,
      ],
    };
  }
}
