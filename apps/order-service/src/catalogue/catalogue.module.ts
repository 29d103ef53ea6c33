import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger, Registry } from '@pattern-shop/observability';
import { LOGGER, METRICS_REGISTRY } from '@pattern-shop/platform';
import { ORDER_SERVICE_CONFIG, type OrderServiceConfig } from '../order-service.config.js';
import { API_DATA_SOURCE } from '../persistence/api-data-source.js';
import { CatalogueLookup } from './catalogue-lookup.js';
import { inventoryAvailabilityBreaker } from './inventory-availability.breaker.js';
import { ProductFactsConsumer } from './product-facts.rmq.consumer.js';

/** Prices for new orders: inventory-service behind its breaker, and the replica kept from its facts. */
@Module({
  providers: [
    {
      provide: CatalogueLookup,
      inject: [ORDER_SERVICE_CONFIG, API_DATA_SOURCE, METRICS_REGISTRY, LOGGER],
      useFactory: (
        config: OrderServiceConfig,
        dataSource: DataSource,
        metrics: Registry,
        logger: Logger,
      ) =>
        new CatalogueLookup(
          inventoryAvailabilityBreaker(config, metrics, logger),
          dataSource,
          logger,
        ),
    },
    ProductFactsConsumer,
  ],
  exports: [CatalogueLookup],
})
export class CatalogueModule {}
