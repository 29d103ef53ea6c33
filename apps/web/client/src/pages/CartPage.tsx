import { useQuery } from '@tanstack/react-query';
import { formatPrice, shop } from '../api/shop';
import { Link } from '../App';
import { useCart } from '../cart';

/** The cart with today's prices; the order's prices are fixed by order-service at checkout. */
export const CartPage = () => {
  const { lines, setQuantity } = useCart();
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: shop.catalogue });
  const product = (sku: string) => catalogue.data?.items.find((item) => item.sku === sku);
  if (lines.length === 0) return <p>Your cart is empty.</p>;
  return (
    <section>
      <h1>Cart</h1>
      <table>
        <tbody>
          {lines.map((line) => {
            const known = product(line.sku);
            return (
              <tr key={line.sku} data-sku={line.sku}>
                <td>{known?.name ?? line.sku}</td>
                <td>
                  <input
                    aria-label={`quantity of ${line.sku}`}
                    type="number"
                    min={0}
                    max={1000}
                    value={line.quantity}
                    onChange={(event) =>
                      setQuantity(line.sku, Math.min(1000, Math.trunc(Number(event.target.value))))
                    }
                  />
                </td>
                <td>
                  {known === undefined
                    ? '…'
                    : formatPrice(known.priceCents * line.quantity, known.currency)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Link to="/checkout">Go to checkout</Link>
    </section>
  );
};
