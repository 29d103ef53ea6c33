import type { AvailabilityResponse } from '@pattern-shop/contracts';
import type { RequestedLine } from '../place-order/price-order.js';

export type AvailabilityAnswer = AvailabilityResponse;

/** inventory-service said no (4xx): our request was wrong, not the dependency; never a fallback. */
export class AvailabilityRequestRejected extends Error {
  override readonly name = 'AvailabilityRequestRejected';
}

/**
 * One synchronous hop: asks inventory-service about several SKUs in one call. The signal
 * cancels the request when the caller's timeout fires, so no socket is left waiting.
 */
export const fetchAvailability = async (
  inventoryUrl: string,
  lines: readonly RequestedLine[],
  signal: AbortSignal,
  correlationId?: string,
): Promise<AvailabilityAnswer> => {
  const url = new URL('/availability', inventoryUrl);
  for (const line of lines) {
    url.searchParams.append('sku', line.sku);
    url.searchParams.append('quantity', String(line.quantity));
  }
  const response = await fetch(url, {
    signal,
    headers: correlationId === undefined ? {} : { 'x-correlation-id': correlationId },
  });
  if (response.status >= 400 && response.status < 500) {
    throw new AvailabilityRequestRejected(
      `inventory-service answered ${response.status}: ${await response.text()}`,
    );
  }
  if (!response.ok) throw new Error(`inventory-service answered ${response.status}`);
  return (await response.json()) as AvailabilityAnswer;
};
