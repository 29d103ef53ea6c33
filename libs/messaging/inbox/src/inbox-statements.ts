import type { EntityManager } from 'typeorm';
import { PROCESSED_MESSAGES_TABLE } from './inbox.migrations.js';

type PreparedClient = {
  query: (config: {
    name: string;
    text: string;
    values: unknown[];
  }) => Promise<{ rows: unknown[] }>;
};

/**
 * Runs `text` as a named prepared statement on the connection of `manager`'s transaction, so
 * PostgreSQL parses and plans it once per connection instead of once per message (the inbox's
 * statements run for every delivery). Without a query runner it is an ordinary query.
 */
const prepared = async <Row>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> => {
  const runner = manager.queryRunner;
  if (runner === undefined) return manager.query(text, values);
  const client = (await runner.connect()) as PreparedClient;
  return (await client.query({ name, text, values })).rows as Row[];
};

/** Records one message as handled by `consumer`: true if it is new, false if it was there. */
export const insertOne = async (
  manager: EntityManager,
  consumer: string,
  messageId: string,
): Promise<boolean> => {
  const recorded = await prepared(
    manager,
    'inbox-insert-one',
    `INSERT INTO ${PROCESSED_MESSAGES_TABLE} (consumer, message_id) VALUES ($1, $2)
     ON CONFLICT (consumer, message_id) DO NOTHING
     RETURNING message_id`,
    [consumer, messageId],
  );
  return recorded.length > 0;
};

/** Records every id in one statement, in the order given; resolves to those that were new. */
export const insertAll = async (
  manager: EntityManager,
  consumer: string,
  messageIds: readonly string[],
): Promise<Set<string>> => {
  const recorded = await prepared<{ message_id: string }>(
    manager,
    'inbox-insert-all',
    `INSERT INTO ${PROCESSED_MESSAGES_TABLE} (consumer, message_id)
     SELECT $1, id FROM unnest($2::text[]) WITH ORDINALITY AS ids (id, n) ORDER BY n
     ON CONFLICT (consumer, message_id) DO NOTHING
     RETURNING message_id`,
    [consumer, messageIds],
  );
  return new Set(recorded.map((row) => row.message_id));
};

/** Forgets ids recorded for a batch that no handler then took. */
export const deleteClaims = (
  manager: EntityManager,
  consumer: string,
  messageIds: readonly string[],
): Promise<unknown> =>
  manager.query(
    `DELETE FROM ${PROCESSED_MESSAGES_TABLE} WHERE consumer = $1 AND message_id = ANY($2::text[])`,
    [consumer, messageIds],
  );
