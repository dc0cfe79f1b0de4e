#!/usr/bin/env node
// `npm start`: the local Forge sandbox. Until packages/sandbox lands (issues 3 and 4) this says what exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sandbox = join(root, 'packages', 'sandbox', 'package.json');
if (existsSync(sandbox)) {
  await import(join(root, 'packages', 'sandbox', 'bin', 'start.mjs'));
} else {
  const list = (group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group)).filter((n) => existsSync(join(root, group, n, 'package.json')))
      : [];
  console.log('The local Forge sandbox is not built yet, so there is nothing to open in a browser.');
  console.log(
    `Packages: ${
      list('packages')
        .map((n) => JSON.parse(readFileSync(join(root, 'packages', n, 'package.json'))).name)
        .join(', ') || 'none'
    }`,
  );
  console.log(`Apps: ${list('apps').join(', ') || 'none yet'}`);
  console.log('Run the tests with: npm test');
}
