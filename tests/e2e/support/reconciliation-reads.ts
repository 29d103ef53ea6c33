import { encodeCursor } from '@pattern-shop/contracts';
import { LOCAL_INFRA } from '@pattern-shop/testing';

type Answer = Readonly<{ status: number; contentType: string | null; body: any }>;
type Page<Item> = Readonly<{ from: string; to: string; items: Item[]; nextCursor: string | null }>;

/** GET /reconciliation/daily?<query> as a service (the nightly job); `token: null` leaves the Authorization header out. */
export const readReconciliation = async (
  baseUrl: string,
  query: string | Record<string, string>,
  token: string | null = LOCAL_INFRA.serviceToken,
): Promise<Answer> => {
  const response = await fetch(`${baseUrl}/reconciliation/daily?${new URLSearchParams(query)}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  const contentType = response.headers.get('content-type');
  return { status: response.status, contentType, body: await response.json() };
};

/** A `from`/`to` query for the half-open window `[from, to)`. */
export const windowQuery = (from: Date, to: Date, extra: Record<string, string> = {}) => ({
  from: from.toISOString(),
  to: to.toISOString(),
  ...extra,
});

/** Every page of a window, following nextCursor as the nightly job does, until it is null. */
export const readAllPages = async <Item>(
  baseUrl: string,
  query: Record<string, string>,
  limit: number,
): Promise<Page<Item>[]> => {
  const pages: Page<Item>[] = [];
  let after: string | null | undefined;
  while (after !== null) {
    const cursor: Record<string, string> = after === undefined ? {} : { after };
    const answer = await readReconciliation(baseUrl, { ...query, ...cursor, limit: String(limit) });
    if (answer.status !== 200) throw new Error(`page ${pages.length + 1}: ${answer.status}`);
    pages.push(answer.body as Page<Item>);
    after = (answer.body as Page<Item>).nextCursor;
    if (pages.length > 100) throw new Error('more than 100 pages: the cursor does not advance');
  }
  return pages;
};

/** Queries every reconciliation endpoint refuses with 400, and what the problem must say. */
export const BAD_QUERIES: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['no period', 'limit=10', /give date=YYYY-MM-DD, or from and to/],
  [
    'both date and from/to',
    'date=2026-03-01&from=2026-03-01T00:00:00Z&to=2026-03-01T06:00:00Z',
    /either date or from and to/,
  ],
  ['a date that is not in the calendar', 'date=2026-02-30', /date: is not a calendar date/],
  ['from without to', 'from=2026-03-01T00:00:00Z', /from and to go together/],
  ['to before from', 'from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', /to: must be after from/],
  [
    'a period over 7 days',
    'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00.001Z',
    /to: a period is at most 7 days/,
  ],
  ['a garbage cursor', 'date=2026-03-01&after=garbage', /after: is not a cursor/],
  ['limit 0', 'date=2026-03-01&limit=0', /limit/],
  ['limit 5000', 'date=2026-03-01&limit=5000', /limit/],
  ['an unknown parameter', 'date=2026-03-01&sku=MUG-001', /sku/],
];

/** A well-formed cursor that carries an id of another kind than the service's own. */
export const cursorWithId = (id: string): string =>
  `date=2026-03-01&after=${encodeCursor(new Date('2026-03-01T12:00:00Z'), id)}`;
