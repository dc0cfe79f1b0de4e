import { statSync } from 'node:fs';
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

export interface ResourceBundle {
  readonly file: string;
  readonly bytes: number;
  /** Source files and their mtimes when built, to rebuild when the app's frontend changes. */
  readonly inputs: ReadonlyMap<string, number>;
}

const mtime = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

/** Bundles a UI Kit resource (e.g. `src/frontend/index.tsx`) for the browser, the way Forge bundles it. */
export async function buildUiKitResource(
  entry: string,
  outFile: string,
  cwd: string,
): Promise<ResourceBundle> {
  const result = await build({
    ...browserOptions,
    entryPoints: [entry],
    outfile: outFile,
    absWorkingDir: cwd,
    metafile: true,
    sourcemap: 'inline',
    minify: false,
  });
  const inputs = new Map<string, number>();
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes('node_modules')) continue;
    const file = join(cwd, input);
    inputs.set(file, mtime(file));
  }
  return { file: outFile, bytes: statSync(outFile).size, inputs };
}

/** Whether any of a bundle's own source files changed since it was built. */
export function isStale(bundle: ResourceBundle): boolean {
  for (const [file, built] of bundle.inputs) if (mtime(file) !== built) return true;
  return false;
}
