import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { CartLine } from './api/shop';

type Cart = Readonly<{
  lines: readonly CartLine[];
  add: (sku: string) => void;
  setQuantity: (sku: string, quantity: number) => void;
  clear: () => void;
}>;

const KEY = 'pattern-shop.cart';
const CartContext = createContext<Cart | undefined>(undefined);

const load = (): CartLine[] => {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]') as CartLine[];
    return Array.isArray(lines) ? lines : [];
  } catch {
    return [];
  }
};

/** The cart lives in the browser (localStorage) until checkout; the shop keeps no carts. */
export const CartProvider = ({ children }: { children: ReactNode }) => {
  const [lines, setLines] = useState<CartLine[]>(load);
  useEffect(() => localStorage.setItem(KEY, JSON.stringify(lines)), [lines]);
  const cart = useMemo<Cart>(
    () => ({
      lines,
      add: (sku) =>
        setLines((current) =>
          current.some((line) => line.sku === sku)
            ? current.map((line) =>
                line.sku === sku ? { sku, quantity: line.quantity + 1 } : line,
              )
            : [...current, { sku, quantity: 1 }],
        ),
      setQuantity: (sku, quantity) =>
        setLines((current) =>
          quantity <= 0
            ? current.filter((line) => line.sku !== sku)
            : current.map((line) => (line.sku === sku ? { sku, quantity } : line)),
        ),
      clear: () => setLines([]),
    }),
    [lines],
  );
  return <CartContext.Provider value={cart}>{children}</CartContext.Provider>;
};

export const useCart = (): Cart => {
  const cart = useContext(CartContext);
  if (cart === undefined) throw new Error('useCart outside CartProvider');
  return cart;
};
