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
    rolldownOptions: {
      output: {
        // The libraries every page needs are chunks of their own, so the app's chunk stays under
        // the limit and a new version of the app leaves them cached. Only what the first page
        // loads belongs here: a group pulls its modules out of the lazy chunks too (the linter's
        // zod and YAML parsers stay with the linter, loaded on first use).
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'uplot', test: /[\\/]node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:4100' },
  },
});
