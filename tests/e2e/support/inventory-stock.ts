import { randomUUID } from 'node:crypto';
import { LOCAL_INFRA, queryServiceDb, ServiceProcess } from '@pattern-shop/testing';

/** The inventory helper's ports: 3002 is the service's own, 3202 the second competing instance. */
export const INVENTORY_PORTS = { first: 3002, second: 3202 } as const;

/** Short retry delays, so a failing command reaches the dead letters within a test. */
export const startInventory = (port: number): ServiceProcess =>
  ServiceProcess.start('inventory-service', {
    PORT: String(port),
    COMMAND_RETRY_DELAYS_MS: '200,400,800',
  });

/** Headers of a staff call; `null` leaves the Authorization header out. */
export const adminHeaders = (token: string | null = LOCAL_INFRA.operatorToken) => ({
  'content-type': 'application/json',
  ...(token === null ? {} : { authorization: `Bearer ${token}` }),
});

type StockAnswer = Readonly<{ status: number; contentType: string | null; body: any }>;

/** PUT /products/:sku/stock; returns the status and the parsed body. */
export const putStock = async (
  baseUrl: string,
  sku: string,
  body: unknown,
  headers: Record<string, string> = adminHeaders(),
): Promise<StockAnswer> => {
  const response = await fetch(`${baseUrl}/products/${sku}/stock`, {
    method: 'PUT',
    headers,
    body: JSON.stringify(body),
  });
  const contentType = response.headers.get('content-type');
  return { status: response.status, contentType, body: await response.json() };
};

/**
 * SKUs of this test only, so no other test's orders or stock settings can move their numbers.
 * The catalogue has no API to add a product, so they are inserted directly; `remove()` deletes
 * them with their reservations and movements, so a nightly reconciliation of today does not find
 * reservations for orders that never existed.
 */
export class TestProducts {
  readonly skus: string[] = [];
  readonly orderIds: string[] = [];

  async add(stock: number): Promise<string> {
    const sku = `T${randomUUID().slice(0, 8).toUpperCase()}-INV`;
    await queryServiceDb(
      'inventory-service',
      `INSERT INTO products (sku, name, price_cents, currency, stock, created_at, updated_at)
       VALUES ($1, 'inventory test product', 100, 'EUR', $2, now(), now())`,
      [sku, stock],
    );
    this.skus.push(sku);
    return sku;
  }

  newOrderId(): string {
    const orderId = randomUUID();
    this.orderIds.push(orderId);
    return orderId;
  }

  async stockOf(sku: string): Promise<number> {
    const [row] = await queryServiceDb<{ stock: number }>(
      'inventory-service',
      'SELECT stock FROM products WHERE sku = $1',
      [sku],
    );
    if (row === undefined) throw new Error(`no product ${sku}`);
    return row.stock;
  }

  async remove(): Promise<void> {
    await queryServiceDb('inventory-service', 'DELETE FROM stock_movements WHERE sku = ANY($1)', [
      this.skus,
    ]);
    await queryServiceDb('inventory-service', 'DELETE FROM reservations WHERE order_id = ANY($1)', [
      this.orderIds,
    ]);
    await queryServiceDb('inventory-service', 'DELETE FROM products WHERE sku = ANY($1)', [
      this.skus,
    ]);
  }
}
