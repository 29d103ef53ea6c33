import { connectOrderStatus, type OrderStatusPush } from '@pattern-shop/realtime-client';
import { useEffect, useState } from 'react';
import { type ConnectionMemory, initialConnection, nextConnection } from './connection-state';

/**
 * Follows one order over realtime-gateway with the shared realtime client (backoff with
 * jitter, heartbeat watchdog, resubscribe and refetch after each reconnect). The refetch goes
 * through this app's /api, with the customer's token, like every other read of the page.
 */
export const useLiveOrderStatus = (
  orderId: string,
  token: string | undefined,
  gatewayUrl: string | undefined,
): Readonly<{ live: OrderStatusPush | undefined; connection: ConnectionMemory }> => {
  const [live, setLive] = useState<OrderStatusPush | undefined>(undefined);
  const [connection, setConnection] = useState<ConnectionMemory>(initialConnection);
  useEffect(() => {
    if (token === undefined || gatewayUrl === undefined) return undefined;
    const client = connectOrderStatus({
      url: gatewayUrl,
      token,
      orderServiceUrl: `${window.location.origin}/api`,
      orderIds: [orderId],
      // A person is waiting on this page: never more than 10 s between attempts.
      backoff: { baseMs: 500, maxMs: 10_000 },
      onStatus: setLive,
      onEvent: (event) => setConnection((memory) => nextConnection(memory, event)),
    });
    return () => client.close();
  }, [orderId, token, gatewayUrl]);
  return { live, connection };
};
