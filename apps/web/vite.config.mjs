// The dashboard's build: Preact with esbuild's JSX (no Babel plugin), every dependency bundled into
// hashed files under dist/public/assets — the api serves them (apps/api/src/routes/web), nothing
// comes from a CDN. `npx vite --config apps/web/vite.config.mjs` serves it for development, with
// the api's routes proxied to API_URL (default http://127.0.0.1:3000).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL || 'http://127.0.0.1:3000';

export default defineConfig({
  root: `${here}src`,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: `${here}dist/public`,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // Small enough to inline nothing: a strict CSP (no data: URLs) keeps working.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { '/v1': api, '/openapi.json': api } },
});
