import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Shared libraries (realtime-client) come from their build output, so `npm run build` builds
// them first. The page is served by apps/web itself (same origin as /api); `vite` alone serves it on 5173
// and forwards /api to a running web app, for quick work on the page.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // mermaid's chunks (the largest, elk, about 1.5 MB) load only on the journey page, so their size is no
  // cost to the storefront; the limit sits above it so a real regression still warns.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2_000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
