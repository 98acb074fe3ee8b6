import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is static files: built once, served by the embedded default at `/` or by any web server next to the
// five services. Relative asset paths let it live under any prefix.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npx vite --config apps/console/vite.config.ts` during development, against `npm start` on :3000.
    proxy: Object.fromEntries(
      [
        '/concerns',
        '/convenings',
        '/meetings',
        '/cases',
        '/tasks',
        '/reports',
        '/audit',
        '/municipalities',
        '/reference-data',
        '/directory',
        '/worklist',
        '/feedback',
        '/feedback-forms',
        '/service-catalogue',
        '/wellbeing-star',
        '/routing',
        '/oidc',
        '/.well-known',
        '/console-config.json',
        '/projections',
        '/erasures',
      ].map((path) => [path, 'http://localhost:3000']),
    ),
  },
});
