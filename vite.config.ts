// Builds the renderer (renderer/) into dist/renderer. The desktop shell loads it from disk;
// browser mode serves the same files from the engine on 127.0.0.1.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  // Relative asset URLs, so the bundle works from file:// in Electron and from any origin.
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // Monaco is one large lazy chunk by nature; it is loaded from disk, never a CDN.
    chunkSizeWarningLimit: 6000,
    // Monaco's size makes the build take seconds; that is expected, not worth a warning.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { host: '127.0.0.1' },
});
