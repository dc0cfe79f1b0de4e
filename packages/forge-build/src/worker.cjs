#!/usr/bin/env node
// Builds and lints one Forge app with Forge's own toolchain, exactly as `forge deploy` (Forge CLI 13.3.0) does:
// the node bundler over the manifest's handlers, NativeUIBundler over the UI Kit resources, and every client-side
// linter. Run with the app folder as the working directory — Forge's ConfigFile, entry points and tsconfig lookup
// are all relative to it — and as a CommonJS main module (the bundler refuses to run without `require.main`).
//
//   node worker.cjs <outDir>     writes <outDir>/function, <outDir>/resources/<key>, <outDir>/report.json
//
// What differs from `forge deploy`, and why: nothing is uploaded; the runtime wrapper that Forge's CDN would supply
// is the local stand-in in ../runtime (offline there is no CDN); and the permission linter, which downloads
// Atlassian's OpenAPI specs, is left out (the app contract tests pin scopes instead).
'use strict';

const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  cpSync,
  rmSync,
} = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { gzipSync } = require('node:zlib');
const bundler = require('@forge/bundler');
const cliShared = require('@forge/cli-shared');
const lint = require('@forge/lint');
const { PermissionLinter } = require('@forge/lint/out/lint/linters/permission-linter/permission-linter');

const STANDIN = resolve(__dirname, '..', 'runtime', 'wrapper.cjs');

/** Feature flags Forge's CLI reads from Statsig at deploy time; offline we answer as production does today. */
const statsig = {
  // Node 20 left support on 2026-04-30; the platform lists it as deprecated, so the runtime linter does too.
  getDeprecatedRuntimes: async () => ['nodejs20.x'],
  isTypescriptBundlerEnabled: async () => false,
  testForgeCliBundleRuntimeLoaderGate: async () => false,
};

/** The one file Forge's CDN would supply (`__forge__.cjs`): a local stand-in that sits beside the bundle. */
const wrapperProvider = {
  getNodeRuntimeWrapper: async () => ({
    script: readFileSync(STANDIN, 'utf8'),
    source: STANDIN,
    version: 'sandbox-standin',
  }),
  getNodeRuntimeLoader: async () => undefined,
};

const messages = [];
const logger = {
  info: (m) => messages.push(['info', String(m)]),
  warn: (m) => messages.push(['warn', String(m)]),
  debug: () => {},
  error: (m) => messages.push(['error', String(m)]),
  trace: () => {},
};

function writeOutputs(dir, additional) {
  for (const [name, content] of additional ?? []) {
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    // Content is a Buffer/string, or (i18n) a path to copy.
    if (typeof content === 'string' && existsSync(content)) cpSync(content, target);
    else writeFileSync(target, content);
  }
}

function sizes(dir, files) {
  return files
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      return { file: f, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
}

async function main() {
  const outDir = resolve(process.argv[2] ?? 'dist');
  const appDir = process.cwd();
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const reader = new cliShared.FileSystemReader();
  const configFile = new cliShared.ConfigFile(reader, new cliShared.FileSystemWriter());
  const manifest = await configFile.readConfig();

  // 1. Functions: the same entry points and bundler `forge deploy` uses (RuntimeBundler.packageAll).
  const handlers = await configFile.getAppHandlers();
  const entryPoints = bundler.getEntryPoints(handlers);
  const functionDir = join(outDir, 'function');
  mkdirSync(functionDir, { recursive: true });
  let functionFiles = [];
  if (entryPoints.length > 0) {
    const node = bundler.getNodeBundler(logger, wrapperProvider, configFile, statsig);
    const result = await node.bundle({ appDirectory: appDir, entryPoints });
    cpSync(result.outputDir, functionDir, { recursive: true });
    writeOutputs(functionDir, result.additionalOutputs);
    functionFiles = entryPoints.map((e) => `${e.name}.cjs`);
  }
  // The archive also carries the manifest (as JSON) and the app's package.json, as RuntimeBundler adds them.
  writeFileSync(join(functionDir, cliShared.manifestFileName), JSON.stringify(manifest));
  for (const name of cliShared.dependencyFileNames) {
    if (existsSync(join(appDir, name))) cpSync(join(appDir, name), join(functionDir, name));
  }

  // 2. UI Kit resources: what `forge deploy` bundles (nativeUI without a bundler of their own).
  const allResources = await configFile.getResources();
  const uiKit = allResources.filter(cliShared.shouldBundleResource);
  const resources = [];
  if (uiKit.length > 0) {
    const native = new bundler.NativeUIBundler(logger);
    const { nativeUiBundlesDetails } = await native.bundleResources(uiKit);
    for (const detail of nativeUiBundlesDetails) {
      const dir = join(outDir, 'resources', detail.key);
      cpSync(detail.path, dir, { recursive: true });
      resources.push({
        key: detail.key,
        type: 'nativeUI',
        source: uiKit.find((r) => r.key === detail.key)?.path,
        dir: relative(outDir, dir),
        // The entry and any chunks it loads (UI Kit splits lazy imports into numbered files).
        sizes: sizes(
          dir,
          readdirSync(dir).filter((f) => f.endsWith('.js')),
        ),
      });
    }
  }
  // Custom UI resources are uploaded as they are (built by the app's own `build` script first).
  for (const r of allResources.filter((x) => x.resourceType === 'customUI')) {
    resources.push({ key: r.key, type: 'customUI', source: r.path, dir: r.path, sizes: [] });
  }

  // 3. Forge's client-side linters over the files `forge lint` reads (src/ and the UI Kit resource folders).
  const exclude = [...(await cliShared.listGitIgnoreFiles(reader)), '.git', 'node_modules'];
  const uiKitDirs = uiKit.map((r) => dirname(r.path));
  const fileLists = await Promise.all([
    reader.recursiveReadDir('./src', exclude),
    ...uiKitDirs.map((d) => reader.recursiveReadDir(d, exclude)),
  ]);
  const files = [...new Set(fileLists.flat())];
  const linters = (await lint.getClientSideLintersOnly(manifest, 'development', logger, statsig)).filter(
    (l) => !(l instanceof PermissionLinter),
  );
  const results = await lint.lint(files, manifest, 'development', logger, statsig, {
    linter: { mode: 'client-side' },
    linters,
  });
  const problems = (kind) =>
    results.flatMap((r) =>
      r[kind].map((p) => ({
        file: relative(appDir, resolve(r.file)),
        line: p.line,
        column: p.column,
        message: p.message,
        reference: p.reference,
      })),
    );

  const report = {
    toolchain: {
      '@forge/bundler': require('@forge/bundler/package.json').version,
      '@forge/lint': require('@forge/lint/package.json').version,
      runtimeWrapper: 'sandbox-standin',
    },
    appId: manifest.app?.id,
    functions: {
      dir: 'function',
      entry: bundler.NODE_RUNTIME_CODE_FILE,
      files: functionFiles,
      sizes: sizes(functionDir, functionFiles),
    },
    resources,
    lint: { errors: problems('errors'), warnings: problems('warnings'), approvals: problems('approvals') },
    lintedFiles: files.length,
    warnings: messages.filter(([level]) => level === 'warn').map(([, m]) => m),
    buildMs: Date.now() - started,
  };
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
