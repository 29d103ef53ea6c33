import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { currentSession } from '../api/session';
import { formatPrice, shop } from '../api/shop';
import { describeConnection } from '../live/connection-state';
import { useLiveOrderStatus } from '../live/use-live-order-status';
import { Link } from '../App';
import { Unavailable } from '../Unavailable';

/** Re-renders every second while a countdown is on screen. */
const useNow = (): number => {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
};

/**
 * One order: its status pushed live over socket.io, the state of that connection, and the
 * history of status changes. A push only says that something changed; the history is read
 * again from order-service, so what is shown is always what order-service holds.
 */
export const OrderPage = ({ orderId }: { orderId: string }) => {
  const session = useQuery({ queryKey: ['session'], queryFn: currentSession });
  const settings = useQuery({ queryKey: ['settings'], queryFn: shop.settings });
  const order = useQuery({ queryKey: ['order', orderId], queryFn: () => shop.order(orderId) });
  const { live, connection } = useLiveOrderStatus(
    orderId,
    session.data?.token,
    settings.data?.realtimeGatewayUrl,
  );
  const queries = useQueryClient();
  const now = useNow();
  const liveVersion = live?.statusVersion;
  useEffect(() => {
    if (liveVersion !== undefined) void queries.invalidateQueries({ queryKey: ['order', orderId] });
  }, [liveVersion, orderId, queries]);

  const shown =
    live !== undefined &&
    (order.data === undefined || live.statusVersion > order.data.statusVersion)
      ? live.status
      : order.data?.status;
  return (
    <section>
      <h1>Order {orderId}</h1>
      <p>
        <Link to={`/orders/${orderId}/journey`}>See its journey through the patterns</Link>
      </p>
      <p className="status">
        Status: <strong data-testid="order-status">{shown ?? '…'}</strong>
      </p>
      <p className={`connection ${connection.state.kind}`} data-testid="connection">
        Live updates: {describeConnection(connection.state, now)}
      </p>
      {settings.isError && <Unavailable error={settings.error} what="the live updates" />}
      {order.isError && <Unavailable error={order.error} what="this order" />}
      {order.data !== undefined && (
        <>
          <p>Total: {formatPrice(order.data.total.amountCents, order.data.total.currency)}</p>
          <h2>History</h2>
          <ol className="history" data-testid="history">
            {order.data.history.map((change) => (
              <li key={change.statusVersion}>
                <strong>{change.status}</strong> at{' '}
                {new Date(change.changedAt).toLocaleTimeString()}
                {change.reason === '' ? '' : ` (${change.reason})`}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
};
