import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/http';
import { shop } from '../api/shop';
import { useCart } from '../cart';
import { navigate } from '../routes';
import { Unavailable } from '../Unavailable';

/** A key still in use by a first request (409) or a busy shop (503) is worth a retry. */
const retryable = (error: unknown): boolean =>
  error instanceof ApiError && (error.status === 409 || error.status === 503);

/**
 * Checkout: ONE POST with an Idempotency-Key made when this page opens. Every click and every
 * retry of this checkout sends the same key, so a double click or a lost answer places one order.
 */
export const CheckoutPage = () => {
  const { lines, clear } = useCart();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const queries = useQueryClient();
  const placeOrder = useMutation({
    mutationFn: () => shop.checkout(lines, idempotencyKey),
    retry: (failures, error) => failures < 5 && retryable(error),
    retryDelay: (_failures, error) =>
      1000 * (error instanceof ApiError ? (error.retryAfterSeconds ?? 1) : 1),
    onSuccess: (placed) => {
      clear();
      void queries.invalidateQueries({ queryKey: ['orders'] });
      navigate(`/orders/${placed.orderId}`);
    },
  });
  if (lines.length === 0 && placeOrder.isIdle) return <p>Your cart is empty.</p>;
  return (
    <section>
      <h1>Checkout</h1>
      <p>
        {lines.length} line(s). Idempotency-Key of this checkout: <code>{idempotencyKey}</code>
      </p>
      <button type="button" disabled={placeOrder.isPending} onClick={() => placeOrder.mutate()}>
        {placeOrder.isPending ? 'Placing the order…' : 'Place order'}
      </button>
      {placeOrder.isError && (
        <Unavailable error={placeOrder.error} what="the order" failed="The order was not placed" />
      )}
    </section>
  );
};
