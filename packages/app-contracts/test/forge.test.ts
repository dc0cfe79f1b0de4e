import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectForgeProblems } from '../src/index';
import { fixtureCopies, replaceIn } from './support';

// Copies sit beside the fixture (inside the repo, same depth), so Forge's bundler resolves @forge/* from the repo's
// node_modules and the fixture's tsconfig finds the base config, as for a real app.
const { appWith, cleanUp } = fixtureCopies(join(import.meta.dirname, 'fixtures'), '.scratch-');
afterAll(cleanUp);

// Each case is a real webpack + TypeScript build of a small app: slow on a busy 2-core machine, not a perf test.
describe("collectForgeProblems (Forge's bundlers and linters, offline)", () => {
  it('builds a well-formed app: function bundle, UI Kit page, no lint problems', {
    timeout: 300_000,
  }, async () => {
    const dir = appWith(() => {});
    const { build, problems } = await collectForgeProblems(dir);
    expect(problems).toEqual([]);
    expect(build.cached).toBe(false);
    expect(build.report.toolchain).toMatchObject({ '@forge/bundler': '7.1.0', '@forge/lint': '6.1.0' });
    expect(build.report.functions.files).toEqual(['index.cjs']);
    expect(build.report.functions.sizes[0]?.bytes).toBeGreaterThan(10_000);
    expect(build.report.resources.map((r) => [r.key, r.type])).toEqual([['admin-ui', 'nativeUI']]);
    // Unchanged inputs: the same artifact, not a second build.
    const again = await collectForgeProblems(dir);
    expect(again.build.cached).toBe(true);
    expect(again.build.inputsHash).toBe(build.inputsHash);
  });

  it('reports what `forge deploy` would refuse: a web trigger with timeoutSeconds, a handler the bundle lacks', {
    timeout: 300_000,
  }, async () => {
    const dir = appWith((d) => {
      replaceIn(
        d,
        'manifest.yml',
        '      handler: index.pull\n',
        '      handler: index.pull\n      timeoutSeconds: 55\n',
      );
      replaceIn(d, 'manifest.yml', 'handler: index.worker', 'handler: index.workerGone');
    });
    const { problems } = await collectForgeProblems(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^forge lint: manifest\.yml.*Function "pull" defines timeoutSeconds \(55s\) but is used by webtrigger "demo-pull"/,
        ),
        'function worker: Handler index.workerGone is not exported by the bundle',
      ]),
    );
  });
});
