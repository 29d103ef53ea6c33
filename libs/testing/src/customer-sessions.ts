/** A customer as order-service hands it out: who, and the bearer token that proves it. */
export type CustomerSession = Readonly<{ customerId: string; token: string; expiresAt: string }>;

const isSession = (body: unknown): body is CustomerSession => {
  const session = body as Partial<Record<keyof CustomerSession, unknown>> | null;
  return (
    typeof session?.customerId === 'string' &&
    typeof session.token === 'string' &&
    typeof session.expiresAt === 'string'
  );
};

/**
 * A guest identity from order-service's POST /sessions/guest, the way the storefront gets one:
 * tools drive the shop as its clients do, they never sign customer tokens themselves.
 */
export const startGuestSession = async (orderServiceUrl: string): Promise<CustomerSession> => {
  const response = await fetch(`${orderServiceUrl}/sessions/guest`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 201 || !isSession(body))
    throw new Error(`POST /sessions/guest answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
};

/**
 * `size` guest sessions made before a load starts, a few at a time: a load spreads its orders
 * over this pool, as many customers would, instead of minting one identity per order.
 */
export const guestSessionPool = async (
  orderServiceUrl: string,
  size: number,
  onProgress: (made: number, size: number) => void = () => undefined,
): Promise<CustomerSession[]> => {
  const pool: CustomerSession[] = [];
  const step = Math.max(1, Math.ceil(size / 4));
  while (pool.length < size) {
    const batch = Math.min(10, size - pool.length);
    const before = pool.length;
    pool.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () => startGuestSession(orderServiceUrl)),
      )),
    );
    if (Math.floor(pool.length / step) > Math.floor(before / step) || pool.length === size)
      onProgress(pool.length, size);
  }
  return pool;
};

/** The header a customer's request carries. */
export const bearer = (session: Pick<CustomerSession, 'token'>): { authorization: string } => ({
  authorization: `Bearer ${session.token}`,
});
