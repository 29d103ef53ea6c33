import { request } from 'undici';
import type { ChargeResult } from '@pattern-shop/payment-domain';
import { CORRELATION_ID_HTTP_HEADER, type ChargePaymentData } from '@pattern-shop/contracts';

export type RefundRequest = Readonly<{ paymentId: string; chargeId: string; amountCents: number }>;

/** The provider refused our request (4xx other than 402): a bug on our side, not an outage. */
export class ProviderRejectedRequest extends Error {
  override readonly name = 'ProviderRejectedRequest';
}

/** The provider answered 5xx (or nonsense): it may work later. */
export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}

type Problem = { detail?: unknown; reason?: unknown };

/**
 * One HTTP exchange with the provider, its body read whole (an unread body keeps its connection
 * from the pool). undici's `request`, not `fetch`: the same client (and the same tracing) at a
 * fifth of fetch's CPU per call (docs/benchmarks.md, "The checkout profiled").
 */
const exchange = async (
  url: URL,
  options: Readonly<{
    method?: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: string;
    signal: AbortSignal;
  }>,
): Promise<{ status: number; text: string }> => {
  const { statusCode, body } = await request(url, options);
  return { status: statusCode, text: await body.text() };
};

/**
 * One POST to the provider. The Idempotency-Key makes a repeat safe: the provider answers a key
 * it has seen with its first answer, so a retry after a timeout or a crash never charges twice.
 * The signal cancels the request when the caller's timeout fires.
 */
const post = async (
  url: URL,
  idempotencyKey: string,
  body: unknown,
  signal: AbortSignal,
  correlationId: string,
): Promise<{ status: number; body: Record<string, unknown> }> => {
  const { status, text } = await exchange(url, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      [CORRELATION_ID_HTTP_HEADER]: correlationId,
    },
    body: JSON.stringify(body),
  });
  const where = `payment-provider ${url.pathname} answered ${status}`;
  if (status >= 500) throw new ProviderUnavailable(`${where}: ${detailOf(text)}`);
  if (status >= 400 && status !== 402) {
    throw new ProviderRejectedRequest(`${where}: ${detailOf(text)}`);
  }
  try {
    return { status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new ProviderUnavailable(`${where} with a body that is not JSON`);
  }
};

const detailOf = (text: string): string => {
  try {
    const { detail } = JSON.parse(text) as Problem;
    return typeof detail === 'string' ? detail : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
};

/** Idempotency-Key = the order id: one order, at most one charge, however often we ask. */
export const postCharge = async (
  baseUrl: string,
  request: ChargePaymentData,
  signal: AbortSignal,
  correlationId: string,
): Promise<ChargeResult> => {
  const answer = await post(
    new URL('/charges', baseUrl),
    request.orderId,
    request,
    signal,
    correlationId,
  );
  if (answer.status === 402) {
    const { reason, detail } = answer.body as Problem;
    return { outcome: 'declined', reason: String(reason ?? detail ?? 'declined') };
  }
  const { chargeId } = answer.body;
  if (typeof chargeId !== 'string') throw new ProviderUnavailable('charge answer without chargeId');
  return { outcome: 'captured', chargeId };
};

/** Idempotency-Key = the payment id: one payment, at most one refund. */
export const postRefund = async (
  baseUrl: string,
  { paymentId, chargeId, amountCents }: RefundRequest,
  signal: AbortSignal,
  correlationId: string,
): Promise<{ refundId: string }> => {
  const answer = await post(
    new URL('/refunds', baseUrl),
    paymentId,
    { chargeId, amountCents },
    signal,
    correlationId,
  );
  const { refundId } = answer.body;
  if (typeof refundId !== 'string') throw new ProviderUnavailable('refund answer without refundId');
  return { refundId };
};

/** A charge the provider holds under a key, with what a payment row needs that we may not know. */
export type FoundCharge = Readonly<{
  result: ChargeResult;
  customerId: string;
  amountCents: number;
}>;

/**
 * GET /charges?idempotencyKey=: what the provider holds under a charge's key, or undefined when
 * it holds nothing (404). How an unknown outcome (a timeout, an open breaker) becomes a known one.
 */
export const getChargeByKey = async (
  baseUrl: string,
  idempotencyKey: string,
  signal: AbortSignal,
  correlationId: string,
): Promise<FoundCharge | undefined> => {
  const url = new URL('/charges', baseUrl);
  url.searchParams.set('idempotencyKey', idempotencyKey);
  const answer = await exchange(url, {
    signal,
    headers: { [CORRELATION_ID_HTTP_HEADER]: correlationId },
  });
  const text = answer.text;
  if (answer.status === 404) return undefined;
  const where = `payment-provider GET /charges answered ${answer.status}`;
  if (answer.status >= 500) throw new ProviderUnavailable(`${where}: ${detailOf(text)}`);
  if (answer.status !== 200) throw new ProviderRejectedRequest(`${where}: ${detailOf(text)}`);
  const charge = parseJson(text) as Record<string, unknown> | undefined;
  const { chargeId, status, declineReason, customerId, amountCents } = charge ?? {};
  if (typeof chargeId !== 'string' || typeof customerId !== 'string') {
    throw new ProviderUnavailable(`${where} with a body that is not a charge`);
  }
  if (typeof amountCents !== 'number') throw new ProviderUnavailable(`${where}: no amount`);
  const result: ChargeResult =
    status === 'captured'
      ? { outcome: 'captured', chargeId }
      : { outcome: 'declined', reason: String(declineReason ?? 'declined') };
  return { result, customerId, amountCents };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
