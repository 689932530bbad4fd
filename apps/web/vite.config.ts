import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// In development Vite serves the web app and proxies the API, so cookies stay same-origin.
// VITE_API_TARGET points the proxy at another API (default: the one `npm start` runs).
export default defineConfig(({ mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), 'VITE_'), ...process.env };
  const target = env.VITE_API_TARGET || 'http://localhost:8080';
  return {
    plugins: [react()],
    server: { proxy: { '/api': target, '/health': target } },
    build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
  };
});
