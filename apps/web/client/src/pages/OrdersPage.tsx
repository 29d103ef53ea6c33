import { useQuery } from '@tanstack/react-query';
import { formatPrice, shop } from '../api/shop';
import { Link } from '../App';
import { Unavailable } from '../Unavailable';

/** This customer's orders, newest first: order-service lists only the token's own. */
export const OrdersPage = () => {
  const history = useQuery({ queryKey: ['orders'], queryFn: shop.history });
  if (history.isPending) return <p>Loading your orders…</p>;
  if (history.isError) return <Unavailable error={history.error} what="your orders" />;
  if (history.data.items.length === 0) return <p>No orders yet.</p>;
  return (
    <section>
      <h1>My orders</h1>
      <ul className="orders" data-testid="orders">
        {history.data.items.map((order) => (
          <li key={order.orderId}>
            <Link to={`/orders/${order.orderId}`}>{order.orderId}</Link> {order.status}{' '}
            {formatPrice(order.total.amountCents, order.total.currency)}
          </li>
        ))}
      </ul>
    </section>
  );
};
