import type { MouseEvent, ReactNode } from 'react';
import { useCart } from './cart';
import { JourneyPage } from './journey/JourneyPage';
import { ConsolePage } from './console/ConsolePage';
import { AccountPage } from './pages/AccountPage';
import { CartPage } from './pages/CartPage';
import { CataloguePage } from './pages/CataloguePage';
import { CheckoutPage } from './pages/CheckoutPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { navigate, type Route, useRoute } from './routes';

/** A link that moves within the app without reloading it. */
export const Link = ({ to, children }: { to: string; children: ReactNode }) => (
  <a
    href={to}
    onClick={(event: MouseEvent) => {
      event.preventDefault();
      navigate(to);
    }}
  >
    {children}
  </a>
);

const Page = ({ route }: { route: Route }) => {
  switch (route.page) {
    case 'catalogue':
      return <CataloguePage />;
    case 'cart':
      return <CartPage />;
    case 'checkout':
      return <CheckoutPage />;
    case 'orders':
      return <OrdersPage />;
    case 'order':
      return <OrderPage orderId={route.orderId} />;
    case 'journey':
      return <JourneyPage orderId={route.orderId} />;
    case 'console':
      return <ConsolePage />;
    case 'account':
      return <AccountPage />;
    case 'not-found':
      return <p>No such page.</p>;
  }
};

export const App = () => {
  const route = useRoute();
  const { lines } = useCart();
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <>
      <header>
        <strong>Pattern Shop</strong>
        <nav>
          <Link to="/">Catalogue</Link>
          <Link to="/cart">Cart ({count})</Link>
          <Link to="/orders">My orders</Link>
          <Link to="/account">Sign in</Link>
          <Link to="/console">Console (staff)</Link>
        </nav>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
};
