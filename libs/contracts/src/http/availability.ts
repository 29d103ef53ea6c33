/**
 * inventory-service's answer to `GET /availability?sku=A&quantity=2&sku=B&quantity=1`, the one
 * synchronous hop of placing an order. Shared so the caller and the callee cannot drift apart.
 */
export type AvailabilityResponse = Readonly<{
  items: ReadonlyArray<{
    sku: string;
    name: string;
    priceCents: number;
    currency: 'EUR';
    requestedQuantity: number;
    inStock: boolean;
  }>;
  /** Requested SKUs the catalogue does not have. */
  unknownSkus: readonly string[];
}>;
