import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { ORDER_SERVICE_CONFIG } from '../order-service.config.js';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { CatalogueLookup } from './catalogue-lookup.js';
import { inventoryAvailabilityBreaker } from './inventory-availability.breaker.js';
import { ProductFactsConsumer } from './product-facts.rmq.consumer.js';

const INVENTORY_AVAILABILITY = Symbol('INVENTORY_AVAILABILITY');

/** Prices for new orders: inventory-service behind its breaker, and the replica kept from its facts. */
@Module({
  providers: [
    {
      provide: INVENTORY_AVAILABILITY,
      inject: [ORDER_SERVICE_CONFIG, METRICS_REGISTRY, LOGGER],
      useFactory: inventoryAvailabilityBreaker,
    },
    {
      provide: CatalogueLookup,
      inject: [INVENTORY_AVAILABILITY, API_DATA_SOURCE, LOGGER],
      useFactory: (
        availability: ReturnType<typeof inventoryAvailabilityBreaker>,
        dataSource: DataSource,
        logger: Logger,
      ) => new CatalogueLookup(availability, dataSource, logger),
    },
    ProductFactsConsumer,
  ],
  exports: [CatalogueLookup],
})
export class CatalogueModule {}
