import type { DataSource, EntityManager } from 'typeorm';
import { type MessageEnvelope, QUEUES } from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import type { ReplyContext } from '../reservations/stock-replies.js';

/** The inbox name of the inventory command consumer in processed_messages. */
export const INVENTORY_COMMANDS_CONSUMER = QUEUES.inventoryCommands;

/** What a stock command handler needs; time and ids come in, so tests can fix them. */
export type StockCommandDeps = Readonly<{
  dataSource: DataSource;
  now: () => Date;
  newId: () => string;
}>;

/**
 * Runs `effect` once per command message id, in the inbox's transaction, with the context of the
 * reply it may write to the outbox in that same transaction. A redelivered message runs nothing
 * and answers nothing: `duplicate-message`.
 */
export const handleCommandOnce = async <Outcome extends string>(
  deps: StockCommandDeps,
  command: MessageEnvelope,
  traceparent: string | undefined,
  effect: (tx: EntityManager, reply: ReplyContext) => Promise<Outcome>,
): Promise<Outcome | 'duplicate-message'> => {
  let outcome: Outcome | 'duplicate-message' = 'duplicate-message';
  await handleOnce(deps.dataSource, INVENTORY_COMMANDS_CONSUMER, command.messageId, async (tx) => {
    const reply = { command, messageId: deps.newId(), occurredAt: deps.now(), traceparent };
    outcome = await effect(tx, reply);
  });
  return outcome;
};
