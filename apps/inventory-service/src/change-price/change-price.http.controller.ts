import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { moneyCents, sku } from '@pattern-shop/contracts';
import { appendToOutbox } from '@pattern-shop/messaging-outbox';
import { currentCorrelationId } from '@pattern-shop/observability';
import { StaffOnly, ZodValidationPipe } from '@pattern-shop/platform';
import { productPriceChangedMessage } from '../catalogue/product-facts.js';
import { updatePrice } from '../persistence/product-rows.js';

const changePriceRequest = z.strictObject({ priceCents: moneyCents.max(10_000_000) });

/**
 * PUT /products/:sku/price (staff only: `Authorization: Bearer <ADMIN_TOKEN>`). The new price
 * and its ProductPriceChanged fact commit together; order-service's replica follows.
 */
@Controller('products')
export class ChangePriceHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Put(':sku/price')
  @StaffOnly('changing a price')
  async changePrice(
    @Param('sku', new ZodValidationPipe(sku, 'path parameter sku')) productSku: string,
    @Body(new ZodValidationPipe(changePriceRequest)) request: z.infer<typeof changePriceRequest>,
  ): Promise<{ sku: string; priceCents: number; previousPriceCents: number }> {
    return this.dataSource.transaction(async (tx) => {
      const now = new Date();
      const previousPriceCents = await updatePrice(tx, productSku, request.priceCents, now);
      if (previousPriceCents === undefined)
        throw new NotFoundException({ error: 'Not Found', message: `no product ${productSku}` });
      const change = { sku: productSku, priceCents: request.priceCents, previousPriceCents };
      const context = {
        messageId: randomUUID(),
        occurredAt: now,
        correlationId: currentCorrelationId() ?? randomUUID(),
      };
      await appendToOutbox(tx, [productPriceChangedMessage(change, context)]);
      return change;
    });
  }
}
