/**
 * The web UI build: `npm run build` runs `vite build --config web/vite.config.ts` and writes
 * dist/web, which src/server/web.ts serves. `npx vite --config web/vite.config.ts` runs a dev
 * server that proxies the API to a `legible serve` on port 4100.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Hashed file names under assets/ are served as immutable by the server.
    assetsDir: 'assets',
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:4100' },
  },
});
