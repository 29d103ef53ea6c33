import { z } from 'zod';
import type { VerifiedAccess } from '@pattern-shop/access-tokens';
import type {
  FetchOrderStatus,
  OrderStatusPush,
  SubscribeAck,
} from '@pattern-shop/realtime-client';

export type SubscribeToOrderDeps = Readonly<{
  /** Looks an order up on order-service with the client's own token. */
  fetchStatusWith: (token: string) => FetchOrderStatus;
}>;

const orderId = z.uuid();

const refuse = (
  code: 'invalid-request' | 'forbidden' | 'not-found' | 'unavailable',
  message: string,
) => ({ ok: false, error: { code, message } }) as const;

/**
 * May this client follow this order? The gateway has no database, so it asks order-service with
 * the client's own token, and order-service's rule decides: nobody sees another customer's
 * orders, and someone else's order is `not-found` exactly like a missing one.
 * An order token needs no question: signed by order-service, it names its one order.
 */
export class SubscribeToOrderHandler {
  constructor(private readonly deps: SubscribeToOrderDeps) {}

  /**
   * `currentStatus`: also answer the order's status now (SSE resumes from it). Without it an
   * order token is let in at once, so following an order never waits on order-service.
   */
  async authorize(
    access: VerifiedAccess,
    token: string,
    requested: unknown,
    { currentStatus }: { currentStatus: boolean },
  ): Promise<SubscribeAck> {
    const parsed = orderId.safeParse(requested);
    if (!parsed.success) return refuse('invalid-request', 'orderId must be an order id (a UUID)');
    const id = parsed.data;
    if (access.scope === 'order' && access.orderId !== id) {
      return refuse('forbidden', 'this order token covers another order');
    }
    if (access.scope === 'order' && !currentStatus) return { ok: true };
    try {
      const lookup = await this.deps.fetchStatusWith(token)(id);
      if (lookup.kind === 'not-found') return refuse('not-found', `no order ${id}`);
      return { ok: true, status: lookup.status };
    } catch (error) {
      // An order token proves the right on its own; only the current status is missing.
      if (access.scope === 'order') return { ok: true };
      const reason = error instanceof Error ? error.message : String(error);
      return refuse('unavailable', `order-service could not be asked, try again: ${reason}`);
    }
  }

  /** The order's status now, if order-service answers; `orderId` is already authorized. */
  async currentStatus(
    access: VerifiedAccess,
    token: string,
    orderId: string,
  ): Promise<OrderStatusPush | undefined> {
    const answer = await this.authorize(access, token, orderId, { currentStatus: true });
    return answer.ok ? answer.status : undefined;
  }

  /** `subscribe-customer`: only a customer token covers all of a customer's orders. */
  authorizeCustomer(access: VerifiedAccess): SubscribeAck {
    return access.scope === 'customer'
      ? { ok: true }
      : refuse('forbidden', 'following all orders of a customer needs a customer token');
  }
}
