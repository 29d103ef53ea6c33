import type { DataSource } from 'typeorm';
import { annotateActiveSpan, type Logger } from '@pattern-shop/observability';
import type { CircuitBreaker } from '@pattern-shop/resilience';
import type { CatalogueEntry, RequestedLine } from '../place-order/price-order.js';
import {
  AvailabilityRequestRejected,
  type AvailabilityAnswer,
} from './inventory-availability.client.js';
import { readReplica } from '../persistence/product-replica.js';

export type CatalogueView = Readonly<{
  /** true: inventory-service answered (prices and stock); false: the local replica (prices only). */
  availabilityChecked: boolean;
  entries: ReadonlyMap<string, CatalogueEntry>;
}>;

/**
 * Where prices come from while placing an order: inventory-service through its guarded call,
 * or, when that call cannot be made or does not answer in time, the local replica. The order is
 * then accepted unchecked and the saga decides about stock (DESIGN.md, pattern 1).
 */
export class CatalogueLookup {
  constructor(
    private readonly availability: CircuitBreaker<
      [readonly RequestedLine[], string | undefined],
      AvailabilityAnswer
    >,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  async lookup(lines: readonly RequestedLine[], correlationId?: string): Promise<CatalogueView> {
    try {
      const answer = await this.availability.call(lines, correlationId);
      // On the request's trace, so the journey view can show which way the prices came.
      annotateActiveSpan({
        'shop.availability.source': 'inventory-service',
        'shop.availability.breaker': this.availability.state,
      });
      return {
        availabilityChecked: true,
        entries: new Map(answer.items.map((item) => [item.sku, item])),
      };
    } catch (error) {
      // A 4xx means our request was wrong: falling back would hide a bug.
      if (error instanceof AvailabilityRequestRejected) throw error;
      this.logger.warn(
        {
          reason: error instanceof Error ? error.message : String(error),
          breaker: this.availability.state,
        },
        'inventory-service unavailable: pricing from the local replica',
      );
      annotateActiveSpan({
        'shop.availability.source': 'replica',
        'shop.availability.breaker': this.availability.state,
      });
      const skus = lines.map((line) => line.sku);
      return {
        availabilityChecked: false,
        entries: await readReplica(this.dataSource.manager, skus),
      };
    }
  }
}
