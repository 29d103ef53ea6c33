import { z } from 'zod';
import { type Period, RECONCILIATION_PAGE_LIMIT } from '@pattern-shop/contracts';
import { retry } from '@pattern-shop/resilience';

/** Where a service is and how the job may talk to it. */
export type ServiceSource = Readonly<{
  /** The service's name, for error messages and progress lines. */
  name: string;
  baseUrl: string;
  /** The service token: these reads are one service reading another. */
  serviceToken: string;
  timeoutMs: number;
}>;

/** An answer another attempt cannot change (a 4xx, a page that breaks the contract). */
class FinalAnswerError extends Error {}

const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const describeFailure = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code === undefined ? error.message : `${error.message} (${cause.code})`;
};

const fetchPage = async <Item extends z.ZodType>(
  source: ServiceSource,
  url: URL,
  item: Item,
): Promise<z.infer<ReturnType<typeof pageOf<Item>>>> => {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${source.serviceToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(source.timeoutMs),
  });
  if (!response.ok) {
    const detail = (await response.text()).slice(0, 300);
    const message = `${source.name} answered ${response.status} to ${url.pathname}: ${detail}`;
    throw response.status < 500 ? new FinalAnswerError(message) : new Error(message);
  }
  const page = pageOf(item).safeParse(await response.json());
  if (!page.success) {
    throw new FinalAnswerError(
      `${source.name} sent a page that breaks the contract: ${page.error.message}`,
    );
  }
  return page.data;
};

/**
 * Every item of a service's `GET /reconciliation/daily` for `period`, page by page following
 * `nextCursor`, each page checked against the shared contract. A page that fails for a reason
 * another attempt may fix (unreachable, timed out, 5xx) is tried three times with backoff; then
 * the error names the service, so a failed run says which dependency let it down.
 */
export async function* readServicePages<Item extends z.ZodType>(
  source: ServiceSource,
  period: Period,
  item: Item,
): AsyncGenerator<z.infer<Item>> {
  let after: string | null | undefined;
  while (after !== null) {
    const url = new URL('/reconciliation/daily', source.baseUrl);
    url.searchParams.set('from', period.from.toISOString());
    url.searchParams.set('to', period.to.toISOString());
    url.searchParams.set('limit', String(RECONCILIATION_PAGE_LIMIT.max));
    if (after !== undefined) url.searchParams.set('after', after);
    const page = await retry(() => fetchPage(source, url, item), {
      attempts: 3,
      baseMs: 250,
      maxMs: 2_000,
      isRetryable: (error) => !(error instanceof FinalAnswerError),
    }).catch((error: unknown) => {
      throw new Error(`reading ${source.name} (${source.baseUrl}): ${describeFailure(error)}`, {
        cause: error,
      });
    });
    yield* page.items;
    after = page.nextCursor;
  }
}
