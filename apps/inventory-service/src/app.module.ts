import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceContext } from '@pattern-shop/platform';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { ChangePriceModule } from './change-price/change-price.module.js';
import { CheckAvailabilityModule } from './check-availability/check-availability.module.js';
import { InfrastructureModule } from './infrastructure.module.js';
import { InventoryCommandsModule } from './inventory-commands/inventory-commands.module.js';
import type { InventoryServiceConfig } from './inventory-service.config.js';
import { ListProductsModule } from './list-products/list-products.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { RestockModule } from './restock/restock.module.js';

/**
 * inventory-service owns stock and reservations: it keeps the catalogue, answers availability,
 * takes the saga's stock commands, lets staff change prices and stock, and shows its stock
 * movements to the nightly reconciliation.
 */
@Module({})
export class AppModule {
  static register(context: ServiceContext<InventoryServiceConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.register(context),
        CatalogueModule,
        ListProductsModule,
        CheckAvailabilityModule,
        InventoryCommandsModule.register(context),
        ChangePriceModule,
        RestockModule,
        ReconciliationModule,
      ],
    };
  }
}
