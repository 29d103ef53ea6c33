import { retry } from '@pattern-shop/resilience';

/** An answer of the management API other than 2xx, after any retries. */
export class ManagementApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`GET ${url}: HTTP ${status}`);
  }
}

export type ManagementGetOptions = Readonly<{
  authorization: string;
  timeoutMs?: number;
  /** Replaced in unit tests so that they need not wait. */
  sleep?: (ms: number) => Promise<void>;
}>;

/**
 * GET on RabbitMQ's management API, as JSON. A 5xx is asked again, twice at most: the API answers
 * 500 now and then when parallel requests race to start its statistics cache (rabbitmq-server
 * #10171), and a reader must not take that for the broker's state. A 4xx fails at once.
 */
export const getManagementJson = <T>(
  url: string,
  { authorization, timeoutMs = 5_000, sleep }: ManagementGetOptions,
): Promise<T> =>
  retry(
    async () => {
      const response = await fetch(url, {
        headers: { authorization },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new ManagementApiError(url, response.status);
      return (await response.json()) as T;
    },
    {
      attempts: 3,
      baseMs: 200,
      maxMs: 1_000,
      isRetryable: (error) => error instanceof ManagementApiError && error.status >= 500,
      ...(sleep && { sleep }),
    },
  );

/** The Basic authorization of the management API, from an AMQP URL's credentials. */
export const managementAuthorization = (amqpUrl: string): string => {
  const { username, password } = new URL(amqpUrl);
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
};
