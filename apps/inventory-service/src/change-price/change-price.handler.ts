import type { CommandDeps } from '@pattern-shop/messaging-outbox';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import { productPriceChangedMessage } from '../catalogue/product-facts.js';
import { updatePrice } from '../persistence/product-rows.js';

export type PriceChange = Readonly<{ sku: string; priceCents: number; previousPriceCents: number }>;

/**
 * Changes a product's price: the new price and its ProductPriceChanged fact commit together, so
 * order-service's replica follows. Undefined for an unknown SKU (nothing written).
 */
export class ChangePriceHandler {
  constructor(private readonly deps: CommandDeps) {}

  changePrice(
    request: Readonly<{ sku: string; priceCents: number }>,
    correlationId: string | undefined,
  ): Promise<PriceChange | undefined> {
    const { dataSource, now, newId } = this.deps;
    return dataSource.transaction(async (tx) => {
      const at = now();
      const previousPriceCents = await updatePrice(tx, request.sku, request.priceCents, at);
      if (previousPriceCents === undefined) return undefined;
      const change = { ...request, previousPriceCents };
      const context = {
        messageId: newId(),
        occurredAt: at,
        correlationId: correlationId ?? newId(),
      };
      await appendToOutbox(tx, [productPriceChangedMessage(change, context)]);
      return change;
    });
  }
}
