import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const HOST_SRC = import.meta.dirname;

const browserOptions = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  legalComments: 'none',
  logLevel: 'silent',
} as const;

/** The host's own browser bundles: the shell SPA, the UI Kit renderer and the injected bridge. */
export async function buildHostAssets(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    ...browserOptions,
    entryPoints: {
      shell: join(HOST_SRC, 'shell', 'main.ts'),
      renderer: join(HOST_SRC, 'renderer', 'main.ts'),
      bridge: join(HOST_SRC, 'client', 'bridge.ts'),
    },
    outdir: outDir,
    minify: true,
    sourcemap: 'linked',
  });
}
