import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the web app and proxies the API, so cookies stay same-origin.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://localhost:8080', '/health': 'http://localhost:8080' } },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 1500 },
});
