#!/usr/bin/env node
// Makes sure the Debian packages the tests need are installed before any test runs, so no test is ever
// skipped for want of a browser or a database. As root (CI, a fresh machine) it installs them with apt-get;
// otherwise it stops and prints the exact command to run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const listPath = new URL('./system-packages.json', import.meta.url);
const { packages } = JSON.parse(readFileSync(listPath, 'utf8'));

const missing = packages.filter((p) => !p.binaries.every((bin) => existsSync(bin)));
if (missing.length === 0) {
  const names = packages.map((p) => p.apt).join(', ');
  console.log(`setup-system: system packages present${names ? ` (${names})` : ' (none needed)'}`);
  process.exit(0);
}

const names = missing.map((p) => p.apt);
const command = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
for (const p of missing) console.log(`setup-system: ${p.apt} is missing (needed by ${p.neededBy})`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `setup-system: run this first, then run the command again (npm test / npm run bench):\n  sudo sh -c '${command}'`,
  );
  process.exit(1);
}
console.log(`setup-system: installing: ${command}`);
execFileSync('sh', ['-c', command], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
const stillMissing = missing.filter((p) => !p.binaries.every((bin) => existsSync(bin)));
if (stillMissing.length > 0) {
  console.error(`setup-system: still missing after install: ${stillMissing.map((p) => p.apt).join(', ')}`);
  process.exit(1);
}
