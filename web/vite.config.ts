import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The portal is served by the API server from the same origin (pnpm start); `vite` alone proxies the API to it.
const api = process.env.ABFA_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, manifest: true, chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/graphql', '/oidc', '/public', '/portal', '/national/report.pdf'].map((p) => [
        p,
        { target: api, changeOrigin: false },
      ]),
    ),
  },
});
