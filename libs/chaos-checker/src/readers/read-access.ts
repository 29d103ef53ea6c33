import pg from 'pg';

/** GET a JSON document, as staff when a token is given; a non-2xx answer is an error naming the URL. */
export const getJson = async <T>(url: string, token?: string): Promise<T> => {
  const response = await fetch(url, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  }
  return (await response.json()) as T;
};

type Page<Item> = Readonly<{ items: readonly Item[]; nextCursor: string | null }>;

/** Every item of a `/reconciliation/daily` period, page by page as the nightly job reads it. */
export const readAllPages = async <Item>(
  baseUrl: string,
  period: Readonly<{ from: Date; to: Date }>,
  token: string,
): Promise<Item[]> => {
  const items: Item[] = [];
  let after: string | null | undefined;
  while (after !== null) {
    const query = new URLSearchParams({
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      limit: '1000',
      ...(after === undefined ? {} : { after }),
    });
    const page = await getJson<Page<Item>>(`${baseUrl}/reconciliation/daily?${query}`, token);
    items.push(...page.items);
    after = page.nextCursor;
  }
  return items;
};

type Query = <Row>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/**
 * Runs queries in one read-only, repeatable-read transaction with the service's own role: where
 * a service has no API for what the checker needs, it reads one consistent picture, and cannot
 * change anything by mistake.
 */
export const readConsistent = async <T>(
  databaseUrl: string,
  read: (query: Query) => Promise<T>,
): Promise<T> => {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await read(
      async <Row>(sql: string, params: readonly unknown[] = []) =>
        (await client.query(sql, [...params])).rows as Row[],
    );
    await client.query('COMMIT');
    return result;
  } finally {
    await client.end();
  }
};

export const readRows = <Row>(
  databaseUrl: string,
  sql: string,
  params: readonly unknown[] = [],
): Promise<Row[]> => readConsistent(databaseUrl, (query) => query<Row>(sql, params));

/** The reconciliation endpoints take at most 7 days; a check reads from the window's start. */
export const readPeriod = (from: string, until: Date): Readonly<{ from: Date; to: Date }> => {
  const start = new Date(from);
  const sevenDays = start.getTime() + 7 * 24 * 60 * 60 * 1000;
  return { from: start, to: new Date(Math.min(until.getTime(), sevenDays)) };
};
