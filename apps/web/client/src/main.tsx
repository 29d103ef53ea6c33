import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CartProvider } from './cart';
import './styles.css';

// A failed read is retried every few seconds for as long as it fails, so a page whose service
// was down recovers by itself once the service is back.
const queries = new QueryClient({
  defaultOptions: {
    queries: {
      retry: 1,
      refetchInterval: (query) => (query.state.status === 'error' ? 3_000 : false),
    },
  },
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <CartProvider>
        <App />
      </CartProvider>
    </QueryClientProvider>
  </StrictMode>,
);
