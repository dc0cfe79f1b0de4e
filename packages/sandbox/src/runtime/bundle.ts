import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface BundleResult {
  readonly file: string;
  readonly bytes: number;
}

/**
 * Bundles an app's `src/index.ts` the way the Forge bundler does for the Node runtime: one CommonJS file with
 * every dependency (including the `@forge/*` SDK) inlined, so what runs here is what `forge deploy` ships.
 */
export async function bundleApp(appDir: string, outDir: string, name: string): Promise<BundleResult> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.cjs`);
  await build({
    entryPoints: [join(appDir, 'src', 'index.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'silent',
    // Mirrors the platform: app code cannot rely on anything outside its bundle.
    packages: 'bundle',
  });
  return { file, bytes: statSync(file).size };
}
