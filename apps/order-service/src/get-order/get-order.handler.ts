import type { DataSource } from 'typeorm';
import { type AccessClaims, grantsOrder } from '@pattern-shop/access-tokens';
import { readOrder, type StoredOrder } from '../persistence/order-queries.js';

/** Reads one order for a caller; an order the caller may not see is answered as missing. */
export class GetOrderHandler {
  constructor(private readonly dataSource: DataSource) {}

  async getOrder(orderId: string, access: AccessClaims): Promise<StoredOrder | undefined> {
    const order = await readOrder(this.dataSource.manager, orderId);
    if (order === undefined || !grantsOrder(access, order.customerId, order.orderId)) {
      return undefined;
    }
    return order;
  }
}
