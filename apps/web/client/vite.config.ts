import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Shared libraries (realtime-client) come from their build output, so `npm run build` builds
// them first. The page is served by apps/web itself (same origin as /api); `vite` alone serves it on 5173
// and forwards /api to a running web app, for quick work on the page.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
