/** A problem+json answer, as every Pattern Shop app gives one. */
export type Problem = Readonly<{ type: string; title: string; status: number; detail?: string }>;

/** A failed call: the problem, and which service was down when that was the cause. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `the shop answered ${status}`);
  }

  /** `order-service`, `inventory-service`, or `web` itself when it could not be reached. */
  get unavailableService(): string | undefined {
    if (this.status === 0) return 'web';
    return /\/problems\/unavailable\/([a-z-]+)$/.exec(this.problem?.type ?? '')?.[1];
  }
}

/** One call to the storefront's backend; the JSON answer, or an ApiError. */
export const callApi = async <T>(
  path: string,
  init: Readonly<{
    method?: string;
    token?: string;
    headers?: Record<string, string>;
    body?: unknown;
  }> = {},
): Promise<T> => {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, undefined, undefined); // the network, or web itself, is down
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    body as Problem | undefined,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
};
