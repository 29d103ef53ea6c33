import { useEffect, useState } from 'react';

/** The pages; apps/web serves index.html on each of these paths (client-files controller). */
export type Route =
  | Readonly<{ page: 'catalogue' }>
  | Readonly<{ page: 'cart' }>
  | Readonly<{ page: 'checkout' }>
  | Readonly<{ page: 'orders' }>
  | Readonly<{ page: 'order'; orderId: string }>
  | Readonly<{ page: 'journey'; orderId: string }>
  | Readonly<{ page: 'console' }>
  | Readonly<{ page: 'account' }>
  | Readonly<{ page: 'not-found' }>;

export const routeOf = (path: string): Route => {
  if (path === '/') return { page: 'catalogue' };
  if (path === '/cart') return { page: 'cart' };
  if (path === '/checkout') return { page: 'checkout' };
  if (path === '/orders') return { page: 'orders' };
  const journeyOf = /^\/orders\/([0-9a-f-]{36})\/journey$/.exec(path)?.[1];
  if (journeyOf !== undefined) return { page: 'journey', orderId: journeyOf };
  if (path === '/console') return { page: 'console' };
  if (path === '/account') return { page: 'account' };
  const orderId = /^\/orders\/([0-9a-f-]{36})$/.exec(path)?.[1];
  return orderId === undefined ? { page: 'not-found' } : { page: 'order', orderId };
};

/** Moves to another page without a reload (history API). */
export const navigate = (path: string): void => {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', onChange);
    return () => window.removeEventListener('popstate', onChange);
  }, []);
  return route;
};
