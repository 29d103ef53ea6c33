import {
  customerRoom,
  orderRoom,
  REALTIME_EVENTS,
  type SubscribeAck,
} from '@pattern-shop/realtime-client';
import type { RealtimeMetrics } from '../realtime-metrics.js';
import type { GatewaySocket } from '../socket-server/socket-types.js';
import type { SubscribeToOrderHandler } from './subscribe-to-order.handler.js';

type Ack = (answer: SubscribeAck) => void;

/**
 * The socket.io adapter of the use case: `subscribe { orderId }` and `subscribe-customer`, each
 * answered through the ack with `{ ok: true, status? }` or `{ ok: false, error }`. A refused
 * subscription joins no room, so that client never receives that order's pushes.
 */
export const handleOrderSubscriptions = (
  socket: GatewaySocket,
  handler: SubscribeToOrderHandler,
  metrics: RealtimeMetrics,
): void => {
  const { access, token } = socket.data;
  const answer = (ack: unknown, result: SubscribeAck, room: string) => {
    if (result.ok) void socket.join(room);
    else metrics.refused(result.error.code);
    if (typeof ack === 'function') (ack as Ack)(result);
  };

  socket.on(REALTIME_EVENTS.subscribe, (request: unknown, ack: unknown) => {
    const orderId = (request as { orderId?: unknown } | undefined)?.orderId;
    void handler
      .authorize(access, token, orderId, { currentStatus: false })
      .then((result) => answer(ack, result, orderRoom(String(orderId))));
  });

  socket.on(REALTIME_EVENTS.subscribeCustomer, (_request: unknown, ack: unknown) => {
    answer(ack, handler.authorizeCustomer(access), customerRoom(access.customerId));
  });
};
