import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUDGETS,
  type BuildReport,
  buildProblems,
  type ForgeBuild,
  inputsHash,
  sizeFigures,
  withBuildLock,
} from '../src/index';

const REPO = join(import.meta.dirname, '..', '..', '..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function report(overrides: Partial<BuildReport> = {}): BuildReport {
  return {
    toolchain: { '@forge/bundler': '7.1.0', '@forge/lint': '6.1.0' },
    appId: 'ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
    functions: {
      dir: 'function',
      entry: '__forge__.cjs',
      files: ['index.cjs'],
      sizes: [{ file: 'index.cjs', bytes: 500_000, gzipBytes: 100_000 }],
    },
    resources: [
      {
        key: 'panel-ui',
        type: 'nativeUI',
        source: 'src/frontend/panel.tsx',
        dir: 'resources/panel-ui',
        sizes: [
          { file: 'panel-ui.js', bytes: 300_000, gzipBytes: 90_000 },
          { file: '741.js', bytes: 28_000, gzipBytes: 9_000 },
        ],
      },
    ],
    lint: { errors: [], warnings: [], approvals: [] },
    lintedFiles: 10,
    warnings: [],
    buildMs: 1,
    ...overrides,
  };
}

const build = (r: BuildReport): ForgeBuild => ({
  appDir: '/nowhere',
  outDir: '/nowhere/dist/forge',
  report: r,
  cached: false,
  inputsHash: 'x',
});

describe('size budgets', () => {
  it('counts a UI Kit resource with its chunks, and passes builds within every budget', () => {
    const figures = sizeFigures(build(report()));
    expect(figures.find((f) => f.name === 'resource panel-ui')).toMatchObject({
      bytes: 328_000,
      gzipBytes: 99_000,
      budgetBytes: BUDGETS.uiKitResourceBytes,
    });
    expect(buildProblems(build(report()))).toEqual([]);
  });

  it('fails a backend or UI Kit bundle at or over budget, and an empty one', () => {
    const over = report({
      functions: { ...report().functions, sizes: [{ file: 'index.cjs', bytes: 1_000_000, gzipBytes: 1 }] },
      resources: [{ ...(report().resources[0] as BuildReport['resources'][number]), sizes: [] }],
    });
    expect(buildProblems(build(over))).toEqual([
      'function: 1000000 bytes is over its budget of 1000000 bytes',
      'resource panel-ui: nothing was built',
    ]);
  });

  it('turns every lint error and approval into a problem, with file and position; warnings are not problems', () => {
    const p = { file: 'manifest.yml', line: 3, column: 4, message: 'bad', reference: 'rule' };
    const linted = report({ lint: { errors: [p], warnings: [{ ...p, message: 'meh' }], approvals: [p] } });
    expect(buildProblems(build(linted))).toEqual([
      'forge lint: manifest.yml:3:4 bad [rule]',
      'forge lint: manifest.yml:3:4 bad [rule]',
    ]);
  });
});

describe('inputsHash (the build cache key)', () => {
  const copy = (): string => {
    const dir = mkdtempSync(join(REPO, 'packages', 'app-contracts', 'test', 'fixtures', '.scratch-'));
    temps.push(dir);
    cpSync(join(REPO, 'packages', 'app-contracts', 'test', 'fixtures', 'good-app'), dir, { recursive: true });
    return dir;
  };

  it('is stable for unchanged inputs and changes with a source file or the manifest', () => {
    const dir = copy();
    const first = inputsHash(dir, {});
    expect(inputsHash(dir, {})).toBe(first);
    writeFileSync(join(dir, 'src', 'domain', 'greeting.ts'), '\nexport const extra = 1;\n', { flag: 'a' });
    const second = inputsHash(dir, {});
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'manifest.yml'), '\n', { flag: 'a' });
    expect(inputsHash(dir, {})).not.toBe(second);
  });

  it("ignores what is not built: tests, benches, build outputs and the app's own dotfiles", () => {
    const dir = copy();
    const before = inputsHash(dir, {});
    for (const f of ['test/a.test.ts', 'bench/b.ts', 'dist/forge/x.js', '.forge-app-id']) {
      const path = join(dir, f);
      cpSync(join(dir, 'manifest.yml'), path);
    }
    expect(inputsHash(dir, {})).toBe(before);
  });

  it('changes with a manifest variable the build interpolates (the app id when deploying), not others', () => {
    const techdesk = join(REPO, 'apps', 'techdesk');
    const base = inputsHash(techdesk, {});
    expect(inputsHash(techdesk, { UNRELATED: 'x' })).toBe(base);
    expect(inputsHash(techdesk, { TECHDESK_APP_ID: 'ari:cloud:ecosystem::app/real' })).not.toBe(base);
  });
});

describe('the build lock between processes', () => {
  const lockParent = () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-lock-'));
    temps.push(dir);
    return join(dir, 'forge');
  };

  it('takes over a lock whose builder was killed (its pid is gone), instead of waiting 10 minutes', async () => {
    const outDir = lockParent();
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    mkdirSync(`${outDir}.lock`);
    writeFileSync(join(`${outDir}.lock`, 'pid'), String(dead));
    expect(await withBuildLock(outDir, async () => 'built')).toBe('built');
    expect(existsSync(`${outDir}.lock`)).toBe(false);
  });

  it('takes over a lock left without a pid (its owner died right after creating it)', async () => {
    const outDir = lockParent();
    mkdirSync(`${outDir}.lock`);
    const old = new Date(Date.now() - 10_000);
    utimesSync(`${outDir}.lock`, old, old);
    expect(await withBuildLock(outDir, async () => 'built')).toBe('built');
  });

  it('waits for a live builder, then goes ahead once it releases', async () => {
    const outDir = lockParent();
    mkdirSync(`${outDir}.lock`);
    writeFileSync(join(`${outDir}.lock`, 'pid'), String(process.pid));
    let done = false;
    const waiting = withBuildLock(outDir, async () => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(done).toBe(false);
    rmSync(`${outDir}.lock`, { recursive: true, force: true });
    await waiting;
    expect(done).toBe(true);
  });
});
