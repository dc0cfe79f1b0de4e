#!/usr/bin/env node
// `npm start`: runs the local Forge sandbox (packages/sandbox/bin/start.ts) with tsx, after checking that the
// dependencies are installed — on a fresh clone it says exactly what to run first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules', '.bin', 'tsx');
if (!existsSync(tsx)) {
  console.error('The dependencies are not installed. Run this first, then `npm start` again:\n  npm ci');
  process.exit(1);
}
// Every app is built by Forge's own bundlers (each app's `build`: Custom UI first where there is one, then
// @suite/forge-build), as `forge deploy` would; an unchanged app is reused. Two at a time: each is a webpack +
// TypeScript run and the machines this runs on have two cores.
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const build = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only', '--concurrency=2'], {
  stdio: 'inherit',
  cwd: root,
  // Nothing here may reach the network; turbo's usage telemetry would try.
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) {
  console.error('Building the apps failed; see the errors above.');
  process.exit(build.status ?? 1);
}
const child = spawn(tsx, [join(root, 'packages', 'sandbox', 'bin', 'start.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
