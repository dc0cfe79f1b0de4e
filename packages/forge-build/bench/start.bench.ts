// `npm run bench` (this package): the Forge build of every app — each bundle's size, minified and gzip, against its
// budget — and `npm start` time-to-ready, cold (no build output, turbo forced) and warm (nothing changed).
// Goals on a 2-core machine: warm < 10 s, cold < 120 s. Ready means the sandbox printed its URL and the shell page
// answers 200.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { report } from '../../../test/bench';
import { buildForgeApp, sizeFigures } from '../src/index';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const APPS = ['techdesk', 'dispatchdesk', 'assets-to-sql'];
const FIXTURES = ['demo-app', 'demo-customui'].map((f) =>
  join(ROOT, 'packages', 'sandbox', 'test', 'fixtures', f),
);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Seconds from `npm start` to a sandbox that serves its shell. */
async function timeToReady(env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env, TURBO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    const deadline = Date.now() + 600_000;
    while (!output.includes('Forge sandbox ready')) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`npm start did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/jira`).catch(() => undefined);
      if (res?.status === 200) break;
      if (Date.now() > deadline) throw new Error('the shell never answered');
      await new Promise((r) => setTimeout(r, 100));
    }
    return (performance.now() - started) / 1000;
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  for (const dir of [...APPS.map((a) => join(ROOT, 'apps', a)), ...FIXTURES]) {
    rmSync(join(dir, 'dist', 'forge'), { recursive: true, force: true });
  }
  const cold = await timeToReady({ TURBO_FORCE: 'true' });
  report({
    name: 'npm_start.cold_seconds',
    value: cold,
    unit: 's',
    baseline: 120,
    ratio: Math.round((cold / 120) * 100) / 100,
  });
  const warm = await timeToReady({});
  report({
    name: 'npm_start.warm_seconds',
    value: warm,
    unit: 's',
    baseline: 10,
    ratio: Math.round((warm / 10) * 100) / 100,
  });

  for (const app of APPS) {
    const build = await buildForgeApp(join(ROOT, 'apps', app));
    report({
      name: `forge_build.${app}.build_seconds_during_cold_start`,
      value: build.report.buildMs / 1000,
      unit: 's',
    });
    for (const f of sizeFigures(build)) {
      const name = `forge_build.${app}.${f.name.replace(/\s+/g, '.')}`;
      report({
        name: `${name}.bytes`,
        value: f.bytes,
        unit: 'bytes',
        baseline: f.budgetBytes,
        ratio: Math.round((f.bytes / f.budgetBytes) * 100) / 100,
      });
      report({ name: `${name}.gzip_bytes`, value: f.gzipBytes, unit: 'bytes' });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
