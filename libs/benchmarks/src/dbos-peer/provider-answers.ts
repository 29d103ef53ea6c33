/** The provider could not say (5xx, no answer): the same request may be sent again. */
export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}

/** The provider refused the request itself (4xx other than a decline): sending it again won't help. */
export class ProviderRefusedRequest extends Error {
  override readonly name = 'ProviderRefusedRequest';
}

export type ChargeResult =
  Readonly<{ kind: 'captured'; chargeId: string }> | Readonly<{ kind: 'declined'; reason: string }>;

type Answer = Readonly<{ status: number; body: unknown }>;

const field = (body: unknown, name: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;

const failureOf = (what: string, { status, body }: Answer): Error => {
  const detail = field(body, 'detail');
  const message = `payment-provider ${what} answered ${status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
  return status >= 500 ? new ProviderUnavailable(message) : new ProviderRefusedRequest(message);
};

/** POST /charges: 201 captured, 402 declined (a final answer); anything else throws. */
export const chargeResultOf = (answer: Answer): ChargeResult => {
  const chargeId = field(answer.body, 'chargeId');
  if (answer.status === 201 && typeof chargeId === 'string') return { kind: 'captured', chargeId };
  if (answer.status === 402) {
    const reason = field(answer.body, 'reason');
    return { kind: 'declined', reason: typeof reason === 'string' ? reason : 'declined' };
  }
  throw failureOf('POST /charges', answer);
};

/** POST /refunds: 201 (or 200 on a replayed key) with a refundId; anything else throws. */
export const refundIdOf = (answer: Answer): string => {
  const refundId = field(answer.body, 'refundId');
  if ((answer.status === 201 || answer.status === 200) && typeof refundId === 'string') {
    return refundId;
  }
  throw failureOf('POST /refunds', answer);
};

/** Only what may succeed on a second try is retried: an unavailable provider or a lost answer. */
export const worthRetrying = (error: unknown): boolean =>
  !(error instanceof ProviderRefusedRequest);
