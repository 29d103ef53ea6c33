import { Body, Controller, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { sku } from '@pattern-shop/contracts';
import { RequiresScope, ZodValidationPipe } from '@pattern-shop/platform';
import { RestockHandler, type StockSet } from './restock.handler.js';

const MAX_STOCK = 2_147_483_647; // products.stock is a PostgreSQL integer
export const setStockRequest = z.strictObject({ stock: z.number().int().min(0).max(MAX_STOCK) });

/**
 * PUT /products/:sku/stock (operators: `Authorization: Bearer <OPERATOR_TOKEN>`). `stock` is the
 * absolute available stock, not a delta, so repeating the call is harmless.
 */
@Controller('products')
export class RestockHttpController {
  constructor(@Inject(RestockHandler) private readonly handler: RestockHandler) {}

  @Put(':sku/stock')
  @RequiresScope('operator', 'setting stock')
  async setStock(
    @Param('sku', new ZodValidationPipe(sku, 'path parameter sku')) productSku: string,
    @Body(new ZodValidationPipe(setStockRequest)) request: z.infer<typeof setStockRequest>,
  ): Promise<StockSet> {
    const result = await this.handler.setStock(productSku, request.stock);
    if (result === undefined)
      throw new NotFoundException({ error: 'Not Found', message: `no product ${productSku}` });
    return result;
  }
}
