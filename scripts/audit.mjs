#!/usr/bin/env node
// `npm audit` of production dependencies: fails on a high or critical advisory unless scripts/known-advisories.json
// lists it with a reason and a review date that has not passed (SECURITY.md, "Dependency audit").
// When no audit could be made (the registry's audit endpoint unreachable or refusing, as in our offline build
// environment) it says so and exits 2; `--allow-not-run` turns that into exit 0, still saying so, for CI machines
// that cannot reach the endpoint.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { assess } from './audit-lib.mjs';

const allowNotRun = process.argv.includes('--allow-not-run');
const known = JSON.parse(readFileSync(new URL('./known-advisories.json', import.meta.url), 'utf8'));
const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const result = assess(report, known);
for (const problem of result.listProblems) console.error(`audit: known-advisories.json: ${problem}`);

if (result.status === 'not-run') {
  console.log(`audit: NOT RUN: dependencies were not audited (${result.reason})`);
  process.exit(allowNotRun && result.listProblems.length === 0 ? 0 : 2);
}
console.log(`audit: ${JSON.stringify(result.counts)}`);
for (const a of result.accepted)
  console.log(`audit: known, accepted: ${a.id} ${a.package} (${a.severity}): ${a.reason}`);
for (const id of result.stale)
  console.log(`audit: ${id} is on the known list but no longer reported; remove it`);
for (const e of result.expired) {
  console.error(
    `audit: review date ${e.reviewBy} passed for ${e.id} ${e.package} (${e.severity}); review it again`,
  );
}
for (const f of result.failures) console.error(`audit: ${f.severity}: ${f.id} ${f.package}: ${f.title}`);
if (result.status === 'failed') {
  console.error('audit: FAILED: fix these or review them into scripts/known-advisories.json');
  process.exit(1);
}
console.log('audit: passed');
