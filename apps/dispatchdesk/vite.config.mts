/**
 * Builds the DispatchDesk console (Custom UI) from static/console/index.html into static/console/dist — the
 * directory the manifest's `console` resource points at. Relative asset paths (`base: './'`) because Forge serves
 * the resource from its own path; no inline scripts or styles in the output (Forge's CSP has neither).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./static/console', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The preload polyfill would be an inline script; Forge's CSP allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
});
