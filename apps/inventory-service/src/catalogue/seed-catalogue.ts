import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import type { Logger } from '@pattern-shop/observability';
import { isTransientDependencyFailure, LOGGER } from '@pattern-shop/platform';
import { retry } from '@pattern-shop/resilience';
import { productAddedMessage } from './product-facts.js';
import type { Product } from '@pattern-shop/inventory-domain';
import { insertProduct } from '../persistence/product-rows.js';

const product = (sku: string, name: string, priceCents: number, stock: number): Product => ({
  sku,
  name,
  priceCents,
  currency: 'EUR',
  stock,
});

/** The sample catalogue a fresh system starts with. */
export const SEED_PRODUCTS: readonly Product[] = [
  product('MUG-001', 'Pattern Shop mug', 1299, 500),
  product('TEE-002', 'Outbox T-shirt', 2500, 300),
  product('HOOD-003', 'Saga hoodie', 4900, 120),
  product('CAP-004', 'Circuit breaker cap', 1800, 200),
  product('BOOK-005', 'Messaging patterns, the book', 3900, 80),
  product('STICK-006', 'Idempotency sticker pack', 499, 2000),
  product('NOTE-007', 'Dead-letter notebook', 899, 400),
  product('PEN-008', 'Retry-with-jitter pen', 299, 1500),
  product('BAG-009', 'Fan-out tote bag', 1599, 250),
  product('SOCK-010', 'Backpressure socks', 1199, 350),
  product('POST-011', 'Event stream poster', 1499, 150),
  product('KEY-012', 'Correlation id keyring', 699, 600),
  product('BOTL-013', 'Consumer lag bottle', 2199, 180),
  product('MOUS-014', 'Heartbeat mouse pad', 999, 220),
  product('LAMP-015', 'Reconciliation desk lamp', 5900, 40),
  product('PLNT-016', 'Exactly-once plant (fake)', 1999, 60),
  product('CARD-017', 'Compensation gift card', 5000, 1000),
  product('PUZL-018', 'Partition puzzle', 2799, 70),
  product('CLCK-019', 'Nightly job wall clock', 3499, 45),
  product('RARE-020', 'Limited edition badge', 1999, 3),
];

/**
 * Adds the sample products a fresh database lacks, each with its ProductAdded fact in the same
 * transaction, so order-service's replica fills up through the outbox like any other change.
 * Safe on every start: existing SKUs are left as they are.
 */
@Injectable()
export class CatalogueSeeder implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const correlationId = `seed-${randomUUID()}`;
    let added = 0;
    for (const seed of SEED_PRODUCTS) {
      const now = new Date();
      // A start on a busy machine can wait longer than the pool's 2 s for a connection; that
      // is a moment to wait out, not a reason to exit (each product is its own transaction).
      await retry(
        () =>
          this.dataSource.transaction(async (tx) => {
            if (!(await insertProduct(tx, seed, now))) return;
            await appendToOutbox(tx, [
              productAddedMessage(seed, {
                messageId: randomUUID(),
                occurredAt: now,
                correlationId,
              }),
            ]);
            added += 1;
          }),
        { attempts: 6, baseMs: 500, maxMs: 4_000, isRetryable: isTransientDependencyFailure },
      );
    }
    if (added > 0) this.logger.info({ added }, 'seeded the sample catalogue');
  }
}
