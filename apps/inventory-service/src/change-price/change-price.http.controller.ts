import { Body, Controller, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { moneyCents, sku } from '@pattern-shop/contracts';
import { currentCorrelationId } from '@pattern-shop/observability';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { ChangePriceHandler, type PriceChange } from './change-price.handler.js';

export const changePriceRequest = z.strictObject({ priceCents: moneyCents.max(10_000_000) });

/** PUT /products/:sku/price (operators: `Authorization: Bearer <OPERATOR_TOKEN>`). */
@Controller('products')
export class ChangePriceHttpController {
  constructor(@Inject(ChangePriceHandler) private readonly handler: ChangePriceHandler) {}

  @Put(':sku/price')
  @RequiresScope('operator', 'changing a price')
  async changePrice(
    @Param('sku', new ZodValidationPipe(sku, 'path parameter sku')) productSku: string,
    @Body(new ZodValidationPipe(changePriceRequest)) request: z.infer<typeof changePriceRequest>,
  ): Promise<PriceChange> {
    const change = await this.handler.changePrice(
      { sku: productSku, priceCents: request.priceCents },
      currentCorrelationId(),
    );
    if (change === undefined)
      throw new NotFoundException({ error: 'Not Found', message: `no product ${productSku}` });
    return change;
  }
}
