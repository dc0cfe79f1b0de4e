import { resolve } from 'node:path';
import { buildForgeApp, buildProblems, ForgeBuildError, formatFigures } from '../src/index';

const args = process.argv.slice(2);
const appDir = resolve(args.find((a) => !a.startsWith('--')) ?? process.cwd());
const force = args.includes('--force');
const check = args.includes('--check');

try {
  const started = Date.now();
  const build = await buildForgeApp(appDir, { force });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Forge build of ${appDir} (@forge/bundler ${build.report.toolchain['@forge/bundler']}, @forge/lint ${build.report.toolchain['@forge/lint']}): ${build.cached ? `unchanged, reused (${took} s)` : `built in ${took} s`} → ${build.outDir}`,
  );
  console.log(formatFigures(build));
  for (const w of build.report.lint.warnings) console.log(`  lint warning: ${w.file}:${w.line} ${w.message}`);
  const problems = buildProblems(build);
  for (const p of problems) console.error(`  ✗ ${p}`);
  if (check && problems.length > 0) process.exit(1);
} catch (error) {
  console.error(error instanceof ForgeBuildError ? error.message : error);
  process.exit(1);
}
