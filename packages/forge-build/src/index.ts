import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

const HERE = import.meta.dirname;
const WORKER = join(HERE, 'worker.cjs');
const STANDIN = join(HERE, '..', 'runtime', 'wrapper.cjs');
/** Bump when the layout of a build changes, so old caches are not trusted. */
const LAYOUT = '1';

export interface FileSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface LintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly reference: string;
}

export interface BuiltResource {
  readonly key: string;
  readonly type: 'nativeUI' | 'customUI';
  /** The manifest's resource path. */
  readonly source: string;
  /** Relative to the build folder (nativeUI) or to the app folder (customUI, served as the manifest says). */
  readonly dir: string;
  readonly sizes: readonly FileSize[];
}

/** What the worker writes to `report.json`: the toolchain, what was built and what Forge's linters said. */
export interface BuildReport {
  readonly toolchain: Readonly<Record<string, string>>;
  readonly appId: string | undefined;
  readonly functions: {
    readonly dir: string;
    /** The file the platform enters by (`__forge__.cjs`, the runtime wrapper — here its local stand-in). */
    readonly entry: string;
    readonly files: readonly string[];
    readonly sizes: readonly FileSize[];
  };
  readonly resources: readonly BuiltResource[];
  readonly lint: {
    readonly errors: readonly LintProblem[];
    readonly warnings: readonly LintProblem[];
    readonly approvals: readonly LintProblem[];
  };
  readonly lintedFiles: number;
  readonly warnings: readonly string[];
  readonly buildMs: number;
}

export interface ForgeBuild {
  readonly appDir: string;
  /** Where the artifacts are: `function/` (what `forge deploy` archives) and `resources/<key>/` (UI Kit). */
  readonly outDir: string;
  readonly report: BuildReport;
  /** Whether this call reused a build whose inputs had not changed. */
  readonly cached: boolean;
  readonly inputsHash: string;
}

export interface BuildOptions {
  /** Default `<appDir>/dist/forge`. */
  readonly outDir?: string;
  /** Rebuild even when the inputs are unchanged (the deploy script does). */
  readonly force?: boolean;
  /** Extra environment for the build (e.g. the manifest's `${APP_ID}` variable when deploying). */
  readonly env?: Readonly<Record<string, string>>;
}

export class ForgeBuildError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'ForgeBuildError';
  }
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'test', 'bench', 'test-results', 'coverage']);

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(path, out);
    } else if (entry.isFile()) out.push(path);
  }
}

function findRepoRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** The workspace packages an app depends on, transitively (their sources are compiled into its bundles). */
function workspaceDeps(root: string, appDir: string): string[] {
  const byName = new Map<string, string>();
  for (const folder of ['packages', 'apps']) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const pkg = join(base, name, 'package.json');
      if (existsSync(pkg))
        byName.set((JSON.parse(readFileSync(pkg, 'utf8')) as { name: string }).name, join(base, name));
    }
  }
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) return;
    const { dependencies = {} } = JSON.parse(readFileSync(pkg, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(dependencies)) {
      const depDir = byName.get(name);
      if (depDir && !seen.has(depDir)) {
        seen.add(depDir);
        visit(depDir);
      }
    }
  };
  visit(appDir);
  return [...seen];
}

/** Manifest variables (`environment.variables`) the build interpolates, e.g. the app id when deploying. */
function manifestVariables(appDir: string): string[] {
  try {
    const raw = parse(readFileSync(join(appDir, 'manifest.yml'), 'utf8')) as {
      environment?: { variables?: (string | { key: string })[] };
    };
    return (raw.environment?.variables ?? []).map((v) => (typeof v === 'string' ? v : v.key));
  } catch {
    return [];
  }
}

/**
 * A hash of everything a build depends on: the app's files (not its tests, benches or build outputs), the
 * workspace packages it imports, the lockfile (which pins the toolchain and every bundled dependency), the base
 * tsconfig, this package's worker and stand-in, and the manifest variables the build interpolates.
 */
export function inputsHash(
  appDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const root = findRepoRoot(appDir);
  const files: string[] = [];
  walk(appDir, files);
  for (const dep of workspaceDeps(root, appDir)) walk(dep, files);
  for (const f of [join(root, 'package-lock.json'), join(root, 'tsconfig.base.json'), WORKER, STANDIN]) {
    if (existsSync(f)) files.push(f);
  }
  const hash = createHash('sha256').update(`layout ${LAYOUT}\n`);
  for (const file of [...new Set(files)].sort()) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
    hash.update('\n');
  }
  for (const key of manifestVariables(appDir).sort()) hash.update(`env ${key}=${env[key] ?? ''}\n`);
  return hash.digest('hex');
}

const HASH_FILE = 'inputs.sha256';

function readCached(outDir: string, hash: string): BuildReport | undefined {
  try {
    if (readFileSync(join(outDir, HASH_FILE), 'utf8').trim() !== hash) return undefined;
    return JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as BuildReport;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether a process with this pid is running (signal 0 probes without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock between processes (test workers, `npm start`, turbo tasks) building the same app at once: a directory
 * created atomically, holding its owner's pid. A lock whose owner is gone (killed mid-build) is taken over at once;
 * one older than 10 minutes is taken over whatever its owner.
 */
export async function withBuildLock<T>(outDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${outDir}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const STALE_MS = 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      try {
        const age = Date.now() - statSync(lock).mtimeMs;
        const pidFile = join(lock, 'pid');
        // No pid a few seconds after the lock was made: its owner died between mkdir and write.
        const written = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : '';
        const pid = written ? Number(written) : age > 5_000 ? 0 : undefined;
        const abandoned = pid === 0 || (pid !== undefined && Number.isInteger(pid) && !alive(pid));
        if (abandoned || age > STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Gone already: try again.
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function runWorker(appDir: string, outDir: string, env: Readonly<Record<string, string>>): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [WORKER, outDir], {
      cwd: appDir,
      env: { ...process.env, ...env, FORGE_CLI_ANALYTICS_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new ForgeBuildError(
            `Forge's bundler failed for ${relative(process.cwd(), appDir) || appDir}:\n${output.trim()}`,
            output,
          ),
        );
    });
  });
}

/**
 * Builds an app with Forge's bundlers and runs Forge's client-side linters — the same artifact `forge deploy`
 * uploads — or reuses the last build when none of its inputs changed. Lint problems are reported, not thrown:
 * callers decide (the contract tests fail on any error; the deploy script refuses to deploy).
 */
export async function buildForgeApp(appDir: string, options: BuildOptions = {}): Promise<ForgeBuild> {
  const dir = resolve(appDir);
  const outDir = resolve(options.outDir ?? join(dir, 'dist', 'forge'));
  const env = options.env ?? {};
  const hash = inputsHash(dir, { ...process.env, ...env });
  if (!options.force) {
    const report = readCached(outDir, hash);
    if (report) return { appDir: dir, outDir, report, cached: true, inputsHash: hash };
  }
  return withBuildLock(outDir, async () => {
    // Another process may have built it while this one waited.
    const ready = options.force ? undefined : readCached(outDir, hash);
    if (ready) return { appDir: dir, outDir, report: ready, cached: true, inputsHash: hash };
    const tmp = `${outDir}.tmp-${process.pid}`;
    // Folders of builders that were killed mid-build (only this process holds the lock now).
    const parent = dirname(outDir);
    for (const name of readdirSync(parent)) {
      if (name.startsWith(`${basename(outDir)}.tmp-`))
        rmSync(join(parent, name), { recursive: true, force: true });
    }
    await runWorker(dir, tmp, env);
    writeFileSync(join(tmp, HASH_FILE), `${hash}\n`);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
    const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as BuildReport;
    return { appDir: dir, outDir, report, cached: false, inputsHash: hash };
  });
}

/** Where a UI Kit resource's built files are (its `<key>.js` and `index.html`). */
export function resourceDir(build: ForgeBuild, key: string): string | undefined {
  const resource = build.report.resources.find((r) => r.key === key && r.type === 'nativeUI');
  return resource ? join(build.outDir, resource.dir) : undefined;
}

/** The platform's entry file for the app's functions (`function/__forge__.cjs`). */
export function functionEntry(build: ForgeBuild): string {
  return join(build.outDir, build.report.functions.dir, build.report.functions.entry);
}

/** Total bytes of a folder's files (for Custom UI resources, which are uploaded as they are). */
export function folderSize(dir: string): { bytes: number; files: number } {
  const files: string[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (entry.isFile()) files.push(p);
    }
  };
  if (existsSync(dir)) visit(dir);
  return { bytes: files.reduce((n, f) => n + statSync(f).size, 0), files: files.length };
}

export { BUDGETS, buildProblems, customUiSizes, type Figure, formatFigures, sizeFigures } from './budgets';
