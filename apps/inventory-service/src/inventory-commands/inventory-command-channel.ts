import { QUEUES } from '@pattern-shop/contracts';
import type { CommandChannel } from '@pattern-shop/messaging-outbox';

/** Commands arrive on `inventory.commands` (its inbox name) and are answered on the saga's queue. */
export const INVENTORY_COMMANDS: CommandChannel = {
  consumer: QUEUES.inventoryCommands,
  replyQueue: QUEUES.orderSagaReplies,
};
