import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The coordinator web page: built into static files that the coordination service serves at `/`.
// `npm run build` (and so `npm start`) builds it into dist/services/coordinator-web.
// `npx vite services/coordinator-web` serves it with hot reload, the API proxied to :3000.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '..', '..', 'dist', 'services', 'coordinator-web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { '/v1': 'http://localhost:3000' },
  },
});
