import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ZodValidationPipe } from '@pattern-shop/platform';
import type { Product } from '@pattern-shop/inventory-domain';
import { listProducts } from '../persistence/product-rows.js';

export const listProductsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** GET /products: the catalogue, by SKU, one page at a time. */
@Controller('products')
export class ListProductsHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  async listProducts(
    @Query(new ZodValidationPipe(listProductsQuery, 'query'))
    page: z.infer<typeof listProductsQuery>,
  ): Promise<{
    items: Product[];
    total: number;
    limit: number;
    offset: number;
    links: { next: string | null };
  }> {
    const { items, total } = await listProducts(this.dataSource.manager, page);
    const nextOffset = page.offset + items.length;
    const next = nextOffset < total ? `/products?limit=${page.limit}&offset=${nextOffset}` : null;
    return { items, total, limit: page.limit, offset: page.offset, links: { next } };
  }
}
