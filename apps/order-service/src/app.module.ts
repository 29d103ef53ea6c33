import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceContext } from '@pattern-shop/platform';
import { AccessModule } from './access/access.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { CheckoutSagaModule } from './checkout-saga/checkout-saga.module.js';
import { ClockModule } from './clock/clock.module.js';
import { GetOrderModule } from './get-order/get-order.module.js';
import { ListOrdersModule } from './list-orders/list-orders.module.js';
import { OrderInfrastructureModule } from './order-infrastructure.module.js';
import type { OrderServiceConfig } from './order-service.config.js';
import { PlaceOrderModule } from './place-order/place-order.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';

/** Wires order-service: takes orders over REST and orchestrates the checkout saga (patterns 1 and 5). */
@Module({})
export class AppModule {
  static register(context: ServiceContext<OrderServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        OrderInfrastructureModule.register(context),
        ClockModule,
        AccessModule,
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
