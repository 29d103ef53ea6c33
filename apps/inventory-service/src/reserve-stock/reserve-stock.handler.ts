import type { EntityManager } from 'typeorm';
import type { ReserveStock } from '@pattern-shop/contracts';
import type { ExpiredCommands } from '@pattern-shop/messaging-inbox';
import {
  type CommandAnswer,
  type CommandDeps,
  handleCommandOnce,
  type ReplyContext,
} from '@pattern-shop/messaging-outbox';
import { INVENTORY_COMMANDS } from '../inventory-commands/inventory-command-channel.js';
import {
  lockOrder,
  lockReservation,
  recordReservation,
  type Reservation,
} from '../persistence/reservation-rows.js';
import { stockAnswer } from '../reservations/stock-replies.js';
import { applyStockChanges, lockStock } from '../persistence/stock-ledger.js';
import { decideReservation } from '@pattern-shop/inventory-domain';

export type ReserveOutcome = 'reserved' | 'rejected' | 'replayed' | 'expired' | 'duplicate-message';

/**
 * Reserves an order's lines all or nothing, and answers the saga. Never oversells, however many
 * instances run: the product rows are locked (in SKU order) before the stock is read, so the
 * check and the decrement see the same numbers; and the reservation, its movements and the reply
 * commit in one transaction with the inbox row.
 */
export class ReserveStockHandler {
  constructor(
    private readonly deps: CommandDeps,
    private readonly expired: ExpiredCommands,
  ) {}

  async handle(
    command: ReserveStock,
    traceparent?: string,
    expiresAt?: Date,
  ): Promise<ReserveOutcome> {
    // No reply: the saga stopped waiting at its deadline, refunds and releases the stock anyway.
    const refused = await this.expired.refuse(command, expiresAt);
    if (refused !== undefined) return refused;
    return handleCommandOnce(
      this.deps,
      INVENTORY_COMMANDS,
      command,
      traceparent,
      async (tx, context) => {
        const { outcome, reservation } = await this.reserveOnce(tx, command, context.now);
        return { outcome, answer: answerOf(reservation, context, outcome !== 'replayed') };
      },
    );
  }

  private async reserveOnce(
    tx: EntityManager,
    { data: { orderId, lines } }: ReserveStock,
    at: Date,
  ): Promise<{ outcome: ReserveOutcome; reservation: Reservation }> {
    await lockOrder(tx, orderId);
    // Idempotent per order, not only per message: a saga that resends with a new message id,
    // or a ReserveStock after a ReleaseStock tombstone, gets the recorded outcome again.
    const recorded = await lockReservation(tx, orderId);
    if (recorded !== undefined) return { outcome: 'replayed', reservation: recorded };

    const available = await lockStock(
      tx,
      lines.map((line) => line.sku),
    );
    const decision = decideReservation(lines, available);
    const reservation: Reservation =
      decision.kind === 'reserve'
        ? { orderId, status: 'RESERVED', lines, reason: null, unavailableSkus: [] }
        : {
            orderId,
            status: 'REJECTED',
            lines,
            reason: decision.reason,
            unavailableSkus: decision.unavailableSkus,
          };
    const recording = { ...reservation, reason: reservation.reason ?? undefined, at };
    if (!(await recordReservation(tx, recording))) {
      throw new Error(`order ${orderId} got a reservation while it was locked`); // a bug: retry
    }
    if (decision.kind === 'reserve') {
      await applyStockChanges(tx, { orderId, kind: 'RESERVE', changes: decision.changes, at });
      return { outcome: 'reserved', reservation };
    }
    return { outcome: 'rejected', reservation };
  }
}

/**
 * The answer a reservation gives; a RELEASED one refuses (the saga gave up on it). A recorded
 * reservation (`firstTime` false) answers the saga again but publishes no fact a second time.
 */
const answerOf = (
  reservation: Reservation,
  context: ReplyContext,
  firstTime: boolean,
): CommandAnswer => {
  const { orderId, status, lines, reason, unavailableSkus } = reservation;
  if (status === 'RESERVED') {
    return stockAnswer({ type: 'StockReserved', data: { orderId, lines } }, context, firstTime);
  }
  const refusal =
    status === 'RELEASED'
      ? { reason: `order ${orderId} was released; it cannot reserve again`, unavailableSkus: [] }
      : { reason: reason ?? 'stock unavailable', unavailableSkus };
  const data = { orderId, ...refusal };
  return stockAnswer({ type: 'StockReservationFailed', data }, context, firstTime);
};
