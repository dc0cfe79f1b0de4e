import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildForgeApp,
  buildProblems,
  type ForgeBuild,
  formatFigures,
  functionEntry,
  resourceDir,
} from '@suite/forge-build';
import { parse as parseYaml } from 'yaml';

/** The Forge CLI release whose bundler and linter the repo pins (`forge --version` should print it). */
export const FORGE_TOOLCHAIN = { '@forge/bundler': '7.1.0', '@forge/lint': '6.1.0' } as const;

interface RawManifest {
  modules?: { function?: { key: string; handler: string }[] };
}

/**
 * Everything that would stop `forge deploy` or break the deployed app, found with Forge's own toolchain: the
 * bundlers' errors (thrown), Forge's client-side lint errors, bundles over budget, a manifest handler the runtime
 * wrapper cannot find in the bundle, a UI Kit resource without its built page, a Custom UI resource not built.
 */
export async function collectForgeProblems(
  appDir: string,
): Promise<{ build: ForgeBuild; problems: string[] }> {
  const build = await buildForgeApp(appDir);
  const problems = buildProblems(build);
  for (const [pkg, version] of Object.entries(FORGE_TOOLCHAIN)) {
    if (build.report.toolchain[pkg] !== version) {
      problems.push(`built with ${pkg} ${build.report.toolchain[pkg]}, the repo pins ${version}`);
    }
  }
  const require = createRequire(import.meta.url);
  const wrapper = require(functionEntry(build)) as {
    resolveHandler: (handler: string) => unknown;
  };
  const manifest = parseYaml(readFileSync(join(appDir, 'manifest.yml'), 'utf8')) as RawManifest;
  for (const fn of manifest.modules?.function ?? []) {
    const resolved = wrapper.resolveHandler(fn.handler);
    if (typeof resolved !== 'function') {
      problems.push(`function ${fn.key}: ${resolved instanceof Error ? resolved.message : 'not a function'}`);
    }
  }
  for (const r of build.report.resources) {
    if (r.type === 'nativeUI') {
      const dir = resourceDir(build, r.key) ?? '';
      for (const file of ['index.html', `${r.key}.js`]) {
        if (!existsSync(join(dir, file))) problems.push(`resource ${r.key}: ${file} was not built`);
      }
    } else if (!existsSync(join(appDir, r.dir, 'index.html'))) {
      problems.push(`resource ${r.key}: ${r.dir}/index.html is missing (run the app's build first)`);
    }
  }
  return { build, problems };
}

export { formatFigures };
