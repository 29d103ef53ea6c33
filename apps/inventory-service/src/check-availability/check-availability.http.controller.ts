import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { sku } from '@pattern-shop/contracts';
import { ZodValidationPipe } from '@pattern-shop/platform';
import { findProducts } from '../persistence/product-rows.js';
import { type AvailabilityAnswer, answerAvailability } from '@pattern-shop/inventory-domain';

const MAX_SKUS = 50;
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** `?sku=A&quantity=2&sku=B&quantity=1`: the n-th quantity belongs to the n-th sku. */
export const availabilityQuery = z
  .strictObject({
    sku: oneOrMany(sku),
    quantity: oneOrMany(z.coerce.number().int().min(1).max(1_000)),
  })
  .refine((q) => q.sku.length === q.quantity.length, {
    message: 'give one quantity per sku, in the same order',
  })
  .refine((q) => q.sku.length <= MAX_SKUS, { message: `at most ${MAX_SKUS} skus per call` })
  .transform((q) => q.sku.map((s, i) => ({ sku: s, quantity: q.quantity[i] as number })));

/** GET /availability: price and stock for several SKUs in one call (order-service's sync hop). */
@Controller('availability')
export class CheckAvailabilityHttpController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  async checkAvailability(
    @Query(new ZodValidationPipe(availabilityQuery, 'query'))
    question: z.infer<typeof availabilityQuery>,
  ): Promise<AvailabilityAnswer> {
    const products = await findProducts(
      this.dataSource.manager,
      question.map((q) => q.sku),
    );
    return answerAvailability(question, products);
  }
}
