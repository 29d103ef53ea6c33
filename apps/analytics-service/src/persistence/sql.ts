/** Queries need only this much of a TypeORM EntityManager or a pg client. */
export type Sql = Readonly<{ query: (sql: string, params?: unknown[]) => Promise<unknown> }>;

/** `"analytics"`: schema names come from validated configuration, and are quoted anyway. */
export const quoted = (schema: string): string => `"${schema.replaceAll('"', '""')}"`;
