import { defineConfig } from 'vite';

/**
 * The console is built into `apps/console/dist` and served by the api itself (same origin, so no
 * CORS and no token ever crosses origins). `npm run dev:console` proxies the API to a running
 * service on :3000 for work on the screens.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // JSX is compiled by Vite's own transformer (tsconfig `jsx: react-jsx`); no plugin is needed.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // React Server Components' "use client" markers in libraries mean nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
