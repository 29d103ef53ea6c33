import { Controller, Get, Inject } from '@nestjs/common';
import { SERVICE_CALL, type ServiceCall } from '../upstream/service-call.js';

export type CatalogueItem = Readonly<{
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  stock: number;
}>;

/** The storefront shows one page of products; inventory-service serves at most 100 a page. */
const CATALOGUE_PAGE = 100;

/** GET /api/catalogue: the products with their prices and stock, from inventory-service. */
@Controller('api/catalogue')
export class CatalogueHttpController {
  constructor(@Inject(SERVICE_CALL) private readonly call: ServiceCall) {}

  @Get()
  async catalogue(): Promise<{ items: CatalogueItem[] }> {
    const answer = await this.call('inventory-service', `/products?limit=${CATALOGUE_PAGE}`);
    const { items } = answer.body as { items: CatalogueItem[] };
    return {
      items: items.map(({ sku, name, priceCents, currency, stock }) => ({
        sku,
        name,
        priceCents,
        currency,
        stock,
      })),
    };
  }
}
