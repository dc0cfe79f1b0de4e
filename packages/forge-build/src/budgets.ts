import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FileSize, ForgeBuild } from './index';

/**
 * Size budgets (decimal units, the stricter reading): a backend bundle is loaded on every cold start, a UI Kit
 * resource on every panel open, and Custom UI on every console load.
 */
export const BUDGETS = {
  backendBytes: 1_000_000,
  uiKitResourceBytes: 400_000,
  customUiBytes: 1_000_000,
} as const;

export interface Figure {
  /** e.g. `function`, `resource admin-ui`, `custom-ui console`. */
  readonly name: string;
  readonly kind: 'backend' | 'uiKit' | 'customUi';
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly budgetBytes: number;
}

const sum = (sizes: readonly FileSize[]) => ({
  bytes: sizes.reduce((n, s) => n + s.bytes, 0),
  gzipBytes: sizes.reduce((n, s) => n + s.gzipBytes, 0),
});

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A Custom UI folder's shipped files (source maps excluded: they are not loaded by the browser). */
export function customUiSizes(dir: string): FileSize[] {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) return [];
    files = listFiles(dir).filter((f) => !f.endsWith('.map'));
  } catch {
    return [];
  }
  return files.map((f) => {
    const bytes = readFileSync(f);
    return { file: relative(dir, f), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
}

/** Every size figure of a build — the backend, each UI Kit resource, each Custom UI resource — with its budget. */
export function sizeFigures(build: ForgeBuild): Figure[] {
  const figures: Figure[] = [
    {
      name: 'function',
      kind: 'backend',
      ...sum(build.report.functions.sizes),
      budgetBytes: BUDGETS.backendBytes,
    },
  ];
  for (const r of build.report.resources) {
    if (r.type === 'nativeUI') {
      figures.push({
        name: `resource ${r.key}`,
        kind: 'uiKit',
        ...sum(r.sizes),
        budgetBytes: BUDGETS.uiKitResourceBytes,
      });
    } else {
      const sizes = customUiSizes(join(build.appDir, r.dir));
      figures.push({
        name: `custom-ui ${r.key}`,
        kind: 'customUi',
        ...sum(sizes),
        budgetBytes: BUDGETS.customUiBytes,
      });
    }
  }
  return figures;
}

/** What would stop a deploy: Forge's lint errors (and approvals it would ask for), over-budget or empty bundles. */
export function buildProblems(build: ForgeBuild): string[] {
  const problems: string[] = [];
  for (const p of [...build.report.lint.errors, ...build.report.lint.approvals]) {
    problems.push(`forge lint: ${p.file}:${p.line}:${p.column} ${p.message} [${p.reference}]`);
  }
  for (const f of sizeFigures(build)) {
    if (f.bytes === 0) problems.push(`${f.name}: nothing was built`);
    else if (f.bytes >= f.budgetBytes) {
      problems.push(`${f.name}: ${f.bytes} bytes is over its budget of ${f.budgetBytes} bytes`);
    }
  }
  return problems;
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/** A small table for people: each artifact, its minified and gzip size, and its budget. */
export function formatFigures(build: ForgeBuild): string {
  return sizeFigures(build)
    .map(
      (f) =>
        `  ${f.name.padEnd(26)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzipBytes).padStart(9)}  budget ${kb(f.budgetBytes)}`,
    )
    .join('\n');
}
