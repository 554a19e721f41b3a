import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the API process in demo/production; in development Vite serves it
// and forwards /api to a server started with `npm start` (port 8080).
export default defineConfig({
  root: here,
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Feature pages are lazy chunks; rolldown splits Ant Design per use, so a page pulls only the
    // components it renders (the table code, ~250 kB, loads with the first table page).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React changes less often than our code: its own long-cached chunk.
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              priority: 30,
            },
          ],
        },
      },
    },
  },
});
