import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectLayerProblems, collectManifestProblems, type ManifestExpectations } from '../src/index';
import { fixtureCopies, GOOD_APP, replaceIn } from './support';

const PINS: ManifestExpectations = {
  scopes: ['read:jira-work', 'storage:app'],
  egress: { 'fetch.backend': ['https://hooks.example.com'] },
};

const { appWith, cleanUp } = fixtureCopies(tmpdir());
afterEach(cleanUp);

describe('collectManifestProblems', () => {
  // The first validation loads @forge/manifest's schema: slow on a busy machine, and not a performance test.
  it('finds nothing wrong with a well-formed app', { timeout: 120_000 }, async () => {
    expect(await collectManifestProblems(GOOD_APP, PINS)).toEqual([]);
  });

  it('fails when a broader scope creeps in, and when a pinned one is dropped', async () => {
    const dir = appWith((d) => replaceIn(d, 'manifest.yml', '    - storage:app', '    - write:jira-work'));
    expect(await collectManifestProblems(dir, PINS)).toEqual([
      'scope write:jira-work is requested but not pinned',
      'scope storage:app is pinned but not requested',
    ]);
  });

  it('reports a manifest handler that src/index.ts does not export', async () => {
    const dir = appWith((d) =>
      replaceIn(d, 'src/index.ts', "export { pull } from './resolvers/pull';\n", ''),
    );
    expect(await collectManifestProblems(dir, PINS)).toContain(
      'function pull: src/index.ts does not export pull',
    );
  });

  it('reports exports of src/index.ts that no manifest function uses', async () => {
    const dir = appWith((d) =>
      appendFileSync(join(d, 'src/index.ts'), "export { greeting } from './domain/greeting';\n"),
    );
    expect(await collectManifestProblems(dir, PINS)).toContain(
      'src/index.ts exports greeting, which no manifest function uses',
    );
  });

  it('requires handlers to live in index', async () => {
    const dir = appWith((d) =>
      replaceIn(d, 'manifest.yml', 'handler: index.pull', 'handler: resolvers/pull.pull'),
    );
    const problems = await collectManifestProblems(dir, PINS);
    expect(problems.some((p) => p.includes('must be index.<export>'))).toBe(true);
  });

  it('reports a frontend invoke with no resolver definition, with its location', async () => {
    const dir = appWith((d) =>
      replaceIn(d, 'src/frontend/admin.tsx', "invoke('saveSettings'", "invoke('saveSetings'"),
    );
    expect(await collectManifestProblems(dir, PINS)).toEqual([
      "src/frontend/admin.tsx:6: invoke('saveSetings') has no resolver definition",
    ]);
  });

  it('reports an invoke whose key is not a literal', async () => {
    const dir = appWith((d) =>
      replaceIn(d, 'src/frontend/admin.tsx', "invoke('saveSettings'", "invoke(['save', 'Settings'].join('')"),
    );
    const problems = await collectManifestProblems(dir, PINS);
    expect(problems).toEqual([
      'src/frontend/admin.tsx:6: invoke() needs a string literal key so it can be checked against the resolvers',
    ]);
  });

  it('follows a typed invoke wrapper to its call sites', async () => {
    const dir = appWith((d) =>
      writeFileSync(
        join(d, 'src/frontend/api.ts'),
        [
          "import { invoke } from '@forge/bridge';",
          'export async function call<K extends string>(key: K, payload: unknown) {',
          '  return invoke(key, payload as Record<string, unknown>);',
          '}',
          "export const a = () => call('getGreeting', {});",
          "export const b = () => call('missingKey', {});",
          'export const c = (k: string) => call(k, {});',
          '',
        ].join('\n'),
      ),
    );
    expect(await collectManifestProblems(dir, PINS)).toEqual([
      'src/frontend/api.ts:7: call() needs a string literal key so it can be checked against the resolvers',
      "src/frontend/api.ts:6: invoke('missingKey') has no resolver definition",
    ]);
  });

  it('reports a consumer method with no resolver definition', async () => {
    const dir = appWith((d) =>
      replaceIn(d, 'src/resolvers/worker.ts', "define('processJob'", "define('process'"),
    );
    expect(await collectManifestProblems(dir, PINS)).toEqual([
      'consumer demo-consumer: method processJob has no resolver definition',
    ]);
  });

  it('rejects plain-string egress entries (Forge deprecates them) and egress that differs from the pin', async () => {
    const dir = appWith((d) =>
      replaceIn(
        d,
        'manifest.yml',
        '        - address: https://hooks.example.com',
        '        - https://evil.example.com',
      ),
    );
    const problems = await collectManifestProblems(dir, PINS);
    expect(problems.some((p) => /warning: .*deprecated egress/.test(p))).toBe(true);
    expect(problems).toContain(
      'permissions.external.fetch.backend has 1 plain-string entries; use {address: …}',
    );
    expect(problems).toContain(
      'permissions.external.fetch.backend is [], pinned [https://hooks.example.com]',
    );
  });

  it('fails when customer-managed egress is enabled without a pin, and when a pinned one is dropped', async () => {
    const dir = appWith(() => {});
    const enabled = appWith((d) =>
      replaceIn(d, 'manifest.yml', '  external:\n', '  external:\n    configurable:\n      enabled: true\n'),
    );
    expect(await collectManifestProblems(enabled, PINS)).toEqual([
      'permissions.external.configurable.enabled is true, pinned false (customer-managed egress)',
    ]);
    expect(await collectManifestProblems(enabled, { ...PINS, customerManagedEgress: true })).toEqual([]);
    expect(await collectManifestProblems(dir, { ...PINS, customerManagedEgress: true })).toEqual([
      'permissions.external.configurable.enabled is false, pinned true (customer-managed egress)',
    ]);
  });

  it('passes on @forge/manifest validation errors with their line', async () => {
    const dir = appWith((d) =>
      replaceIn(
        d,
        'manifest.yml',
        '  webtrigger:',
        '  scheduledTrigger:\n    - key: tick\n      function: pull\n      interval: minute\n  webtrigger:',
      ),
    );
    const problems = await collectManifestProblems(dir, PINS);
    expect(problems.some((p) => /^manifest\.yml:\d+:\d+ error: .*interval/.test(p))).toBe(true);
  });

  it('checks the runtime', async () => {
    const dir = appWith((d) => replaceIn(d, 'manifest.yml', 'name: nodejs22.x', 'name: nodejs20.x'));
    expect(await collectManifestProblems(dir, PINS)).toEqual([
      'app.runtime.name is nodejs20.x, expected nodejs22.x',
    ]);
  });

  it('reports a missing manifest', async () => {
    const dir = appWith((d) => rmSync(join(d, 'manifest.yml')));
    expect(await collectManifestProblems(dir, PINS)).toEqual([`${join(dir, 'manifest.yml')} does not exist`]);
  });
});

describe('collectLayerProblems', () => {
  it('finds nothing wrong with a well-layered app', () => {
    expect(collectLayerProblems(GOOD_APP)).toEqual([]);
  });

  it.each([
    [
      'domain importing the platform',
      'src/domain/greeting.ts',
      "import { kvs } from '@forge/kvs';\n",
      'src/domain/greeting.ts:1: imports @forge/kvs: domain code must stay pure (no platform or I/O imports)',
    ],
    [
      'domain importing the file system',
      'src/domain/greeting.ts',
      "import { readFileSync } from 'node:fs';\n",
      'src/domain/greeting.ts:1: imports node:fs: domain code must stay pure (no platform or I/O imports)',
    ],
    [
      'domain importing an API client',
      'src/domain/greeting.ts',
      "import { loadName } from '../atlassian/jira';\n",
      'src/domain/greeting.ts:1: domain may not import atlassian (../atlassian/jira)',
    ],
    [
      'frontend importing a resolver',
      'src/frontend/admin.tsx',
      "import { handler } from '../resolvers/index';\n",
      'src/frontend/admin.tsx:1: frontend may not import resolvers (../resolvers/index)',
    ],
    [
      'frontend importing backend packages',
      'src/frontend/admin.tsx',
      "import api from '@forge/api';\n",
      'src/frontend/admin.tsx:1: imports @forge/api: backend code in the browser bundle',
    ],
    [
      'a resolver calling Jira directly',
      'src/resolvers/pull.ts',
      "import api from '@forge/api';\n",
      'src/resolvers/pull.ts:1: imports @forge/api: platform I/O belongs in src/atlassian/ or src/storage/',
    ],
    [
      'an API client importing a resolver',
      'src/atlassian/jira.ts',
      "import { pull } from '../resolvers/pull';\n",
      'src/atlassian/jira.ts:1: atlassian may not import resolvers (../resolvers/pull)',
    ],
    [
      'backend importing React',
      'src/resolvers/pull.ts',
      "import React from 'react';\n",
      'src/resolvers/pull.ts:1: imports react: browser code in a backend layer',
    ],
  ])('reports %s', (_name, file, line, expected) => {
    const dir = appWith((d) => {
      const path = join(d, file);
      writeFileSync(path, line + readFileSync(path, 'utf8'));
    });
    expect(collectLayerProblems(dir)).toEqual([expected]);
  });

  it('reports logic in src/index.ts', () => {
    const dir = appWith((d) => appendFileSync(join(d, 'src/index.ts'), 'export const answer = 6 * 7;\n'));
    expect(collectLayerProblems(dir)).toEqual([
      'src/index.ts:4: src/index.ts may only re-export handlers (move logic to src/resolvers/)',
    ]);
  });

  it('reports files outside the layers', () => {
    const dir = appWith((d) => writeFileSync(join(d, 'src/util.ts'), 'export const x = 1;\n'));
    expect(collectLayerProblems(dir)).toEqual([
      'src/util.ts: not in a layer (src/index.ts or src/{resolvers,domain,atlassian,storage,frontend}/)',
    ]);
  });

  it('reports relative imports that leave src/', () => {
    const dir = appWith((d) => {
      const path = join(d, 'src/domain/greeting.ts');
      writeFileSync(path, `import { x } from '../../../other/thing';\n${readFileSync(path, 'utf8')}`);
    });
    expect(collectLayerProblems(dir)).toEqual([
      'src/domain/greeting.ts:1: imports ../../../other/thing from outside src/ (import shared code by package name)',
    ]);
  });
});
