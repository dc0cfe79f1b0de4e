import { describe, expect, it } from 'vitest';
import { collectForgeProblems, formatFigures } from './forge';
import { collectLayerProblems } from './layers';
import { collectManifestProblems, type ManifestExpectations } from './manifest';

/**
 * The guardrail tests every app runs, in one line from its own test file:
 * `appContractTests(appDir, { scopes: [...] })`. Failures list every problem at once.
 */
export function appContractTests(appDir: string, expected: ManifestExpectations): void {
  describe('app contracts', () => {
    // Loading @forge/manifest's JSON schema the first time is slow on a busy 2-core machine; it is not a perf test.
    it('has a valid manifest whose handlers, invokes, scopes and egress match the code and the pins', {
      timeout: 120_000,
    }, async () => {
      expect(await collectManifestProblems(appDir, expected)).toEqual([]);
    });
    // What `forge deploy` runs, offline: @forge/bundler's node bundler and NativeUIBundler, then Forge's
    // client-side linters. A cold build is a webpack + TypeScript run per bundle; the result is cached by content.
    it("builds with Forge's own bundlers, passes Forge's linters and stays within its size budgets", {
      timeout: 600_000,
    }, async () => {
      const { build, problems } = await collectForgeProblems(appDir);
      console.log(`Forge build (${build.cached ? 'cached' : 'fresh'}):\n${formatFigures(build)}`);
      expect(problems).toEqual([]);
    });
    it('keeps its layers: index → resolvers → domain/atlassian/storage; frontend → domain only', () => {
      expect(collectLayerProblems(appDir)).toEqual([]);
    });
  });
}
