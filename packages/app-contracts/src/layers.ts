import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { importsOf, parseSource, relPath, sourceFiles } from './source';

/**
 * The layers of an app's `src/`, each with one job:
 * - `index`: `src/index.ts`, the manifest's handlers and nothing else;
 * - `resolvers`: entry points (resolvers, web triggers, consumers, schedules): parse → authorise → call domain;
 * - `domain`: pure logic, no I/O;
 * - `atlassian`: every product API call (Jira, JSM, Assets, events, web trigger URLs);
 * - `storage`: Forge KVS access;
 * - `frontend`: UI Kit / Custom UI code, which runs in the browser.
 */
export type Layer = 'index' | 'resolvers' | 'domain' | 'atlassian' | 'storage' | 'frontend';

const LAYERS: readonly Layer[] = ['resolvers', 'domain', 'atlassian', 'storage', 'frontend'];

/** Which layers each layer may import (its own layer is always allowed). */
const ALLOWED_ARROWS: Record<Layer, readonly Layer[]> = {
  index: ['resolvers'],
  resolvers: ['domain', 'atlassian', 'storage'],
  atlassian: ['domain'],
  storage: ['domain'],
  domain: [],
  frontend: ['domain'],
};

const IO_PACKAGES = /^@forge\/(api|kvs|events|sql|storage)(\/|$)/;
const BROWSER_PACKAGES = /^(@forge\/(bridge|react)|react|react-dom|leaflet|react-leaflet)(\/|$)/;
const BACKEND_PACKAGES =
  /^(@forge\/(api|kvs|events|sql|storage|resolver)|@suite\/(permissions|sandbox))(\/|$)/;
const IO_BUILTINS =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)$/;

function layerOf(appDir: string, path: string): Layer | undefined {
  const rel = relPath(appDir, path);
  if (rel === 'src/index.ts') return 'index';
  for (const layer of LAYERS) if (rel.startsWith(`src/${layer}/`)) return layer;
  return undefined;
}

function packageRule(layer: Layer, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return undefined;
  if (layer === 'frontend') {
    if (BACKEND_PACKAGES.test(specifier) || IO_BUILTINS.test(specifier))
      return 'backend code in the browser bundle';
    return undefined;
  }
  if (BROWSER_PACKAGES.test(specifier)) return 'browser code in a backend layer';
  if (layer === 'domain') {
    if (specifier.startsWith('@forge/') || BACKEND_PACKAGES.test(specifier) || IO_BUILTINS.test(specifier)) {
      return 'domain code must stay pure (no platform or I/O imports)';
    }
  }
  if (IO_PACKAGES.test(specifier) && layer !== 'atlassian' && layer !== 'storage') {
    return 'platform I/O belongs in src/atlassian/ or src/storage/';
  }
  return undefined;
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (candidate.endsWith('.ts') || candidate.endsWith('.tsx')) return candidate;
  }
  return `${base}.ts`;
}

/** Every import that breaks the layering, as `file:line: reason` lines (empty when the shape holds). */
export function collectLayerProblems(appDir: string): string[] {
  const problems: string[] = [];
  const root = resolve(appDir);
  for (const path of sourceFiles(join(root, 'src'))) {
    const rel = relPath(root, path);
    const layer = layerOf(root, path);
    if (!layer) {
      problems.push(`${rel}: not in a layer (src/index.ts or src/{${LAYERS.join(',')}}/)`);
      continue;
    }
    const file = parseSource(path);
    if (layer === 'index') problems.push(...indexOnlyExports(rel, file));
    for (const { specifier, line } of importsOf(file)) {
      const byPackage = packageRule(layer, specifier);
      if (byPackage) problems.push(`${rel}:${line}: imports ${specifier}: ${byPackage}`);
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(path, specifier);
      if (!target.startsWith(join(root, 'src'))) {
        problems.push(
          `${rel}:${line}: imports ${specifier} from outside src/ (import shared code by package name)`,
        );
        continue;
      }
      const targetLayer = layerOf(root, target);
      if (targetLayer && targetLayer !== layer && !ALLOWED_ARROWS[layer].includes(targetLayer)) {
        problems.push(`${rel}:${line}: ${layer} may not import ${targetLayer} (${specifier})`);
      }
    }
  }
  return problems;
}

function indexOnlyExports(rel: string, file: ts.SourceFile): string[] {
  const problems: string[] = [];
  for (const statement of file.statements) {
    const onlyExports = ts.isExportDeclaration(statement) || ts.isImportDeclaration(statement);
    if (!onlyExports) {
      const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
      problems.push(
        `${rel}:${line}: src/index.ts may only re-export handlers (move logic to src/resolvers/)`,
      );
    }
  }
  return problems;
}
