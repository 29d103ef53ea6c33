import { useQuery } from '@tanstack/react-query';
import { formatPrice, shop } from '../api/shop';
import { useCart } from '../cart';
import { Unavailable } from '../Unavailable';

/** The products with their prices and stock, as inventory-service has them now. */
export const CataloguePage = () => {
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: shop.catalogue });
  const { add } = useCart();
  if (catalogue.isPending) return <p>Loading the catalogue…</p>;
  if (catalogue.isError) return <Unavailable error={catalogue.error} what="the catalogue" />;
  return (
    <section>
      <h1>Catalogue</h1>
      <ul className="products">
        {catalogue.data.items.map((product) => (
          <li key={product.sku} data-sku={product.sku}>
            <h2>{product.name}</h2>
            <p className="sku">{product.sku}</p>
            <p className="price">{formatPrice(product.priceCents, product.currency)}</p>
            <p className="stock">{product.stock > 0 ? `${product.stock} in stock` : 'sold out'}</p>
            <button type="button" disabled={product.stock <= 0} onClick={() => add(product.sku)}>
              Add to cart
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
};
