import { Body, Controller, Inject, NotFoundException, Param, Put } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { sku } from '@pattern-shop/contracts';
import { StaffOnly, ZodValidationPipe } from '@pattern-shop/platform';
import { setStock, type StockSet } from './set-stock.js';

const MAX_STOCK = 2_147_483_647; // products.stock is a PostgreSQL integer
const setStockRequest = z.strictObject({ stock: z.number().int().min(0).max(MAX_STOCK) });

/**
 * PUT /products/:sku/stock (staff only: `Authorization: Bearer <ADMIN_TOKEN>`). `stock` is the
 * absolute available stock, not a delta, so repeating the call is harmless.
 */
@Controller('products')
export class RestockHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Put(':sku/stock')
  @StaffOnly('setting stock')
  async setStock(
    @Param('sku', new ZodValidationPipe(sku, 'path parameter sku')) productSku: string,
    @Body(new ZodValidationPipe(setStockRequest)) request: z.infer<typeof setStockRequest>,
  ): Promise<StockSet> {
    const result = await this.dataSource.transaction((tx) =>
      setStock(tx, productSku, request.stock, new Date()),
    );
    if (result === undefined)
      throw new NotFoundException({ error: 'Not Found', message: `no product ${productSku}` });
    return result;
  }
}
