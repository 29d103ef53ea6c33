import type { EntityManager } from 'typeorm';
import type { ReleaseStock } from '@pattern-shop/contracts';
import {
  type CommandDeps,
  type CommandResult,
  handleCommandOnce,
  type ReplyContext,
} from '@pattern-shop/messaging-outbox';
import { INVENTORY_COMMANDS } from '../inventory-commands/inventory-command-channel.js';
import {
  lockOrder,
  lockReservation,
  markReleased,
  recordReservation,
} from '../persistence/reservation-rows.js';
import { stockAnswer } from '../reservations/stock-replies.js';
import { totalsBySku } from '@pattern-shop/inventory-domain';
import { applyStockChanges, lockStock } from '../persistence/stock-ledger.js';

export type ReleaseOutcome = 'released' | 'tombstoned' | 'nothing-to-release' | 'duplicate-message';

/** Gives an order's reserved stock back: the saga's compensation after a cancelled order. */
export class ReleaseStockHandler {
  constructor(private readonly deps: CommandDeps) {}

  handle(command: ReleaseStock, traceparent?: string): Promise<ReleaseOutcome> {
    return handleCommandOnce(this.deps, INVENTORY_COMMANDS, command, traceparent, (tx, context) =>
      this.releaseOnce(tx, command, context),
    );
  }

  private async releaseOnce(
    tx: EntityManager,
    { data: { orderId, reason } }: ReleaseStock,
    context: ReplyContext,
  ): Promise<CommandResult<ReleaseOutcome>> {
    const at = context.now;
    await lockOrder(tx, orderId);
    // Nothing reserved yet: the saga gave up before its ReserveStock arrived (a timeout, or the
    // broker reordered them). The tombstone makes that late ReserveStock refuse instead of taking
    // stock for an order nobody will confirm. Nothing was released, so there is no reply to give.
    if (await recordReservation(tx, { orderId, status: 'RELEASED', lines: [], reason, at })) {
      return { outcome: 'tombstoned' };
    }
    const reservation = await lockReservation(tx, orderId);
    // RELEASED: the stock is back already and its StockReleased went out then; giving it back
    // again would create stock. REJECTED: nothing was taken, so there is nothing to give back.
    if (reservation?.status !== 'RESERVED') return { outcome: 'nothing-to-release' };

    const totals = totalsBySku(reservation.lines);
    await lockStock(
      tx,
      totals.map((line) => line.sku),
    );
    const changes = totals.map(({ sku, quantity }) => ({ sku, delta: quantity }));
    await applyStockChanges(tx, { orderId, kind: 'RELEASE', changes, at });
    await markReleased(tx, orderId, reason, at);
    const data = { orderId, lines: reservation.lines };
    return {
      outcome: 'released',
      answer: stockAnswer({ type: 'StockReleased', data }, context, true),
    };
  }
}
