// `npm start`: the whole suite in a local Forge sandbox. Flags: --port N (or PORT), --reset, --seed N,
// --sites N, --objects N, --no-demo, --interleave-seed N, --no-interleave.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSandbox, createSandboxServer, discoverApps, listen, REPO_ROOT } from '../src/index';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    reset: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    sites: { type: 'string', default: '1' },
    objects: { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    // Forge runs invocations side by side: so does the sandbox, unless told not to.
    'interleave-seed': { type: 'string', default: '1' },
    'no-interleave': { type: 'boolean', default: false },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 4000);
const apps = discoverApps(REPO_ROOT, !values['no-demo']);
const started = Date.now();
const instance = await createSandbox({
  apps,
  seed: Number(values.seed),
  sites: Number(values.sites),
  ...(values.objects ? { objects: Number(values.objects) } : {}),
  persist: true,
  reset: values.reset,
  clock: 'real',
  ...(values['no-interleave'] ? {} : { interleaving: { seed: Number(values['interleave-seed']) } }),
});
const { sandbox, kvs } = instance;
const workDir = join(REPO_ROOT, '.sandbox');

const hostModule = join(import.meta.dirname, '..', 'src', 'host', 'index.ts');
const host = existsSync(hostModule) ? (await import(hostModule)).createHost(sandbox, { workDir }) : undefined;

const server = createSandboxServer(sandbox, {
  kvsDump: (app, cloudId) => kvs.dump(sandbox.kvsScope(app, cloudId)),
  reset: () => instance.reset(),
  ...(host ? { host } : {}),
});
const url = await listen(server, sandbox, port, values.host);
await sandbox.install();

// The platform runs schedules and delivers events by itself; so does the sandbox, on the wall clock.
const timer = setInterval(() => {
  void sandbox.runDueSchedules().then(() => sandbox.drainQueues());
}, 2_000);

const site = instance.sites()[0];
console.log(`\nForge sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${url}\n`);
for (const app of sandbox.appKeys()) {
  console.log(`  app ${app.padEnd(16)} bundle ${(sandbox.bundleOf(app).bytes / 1024).toFixed(0)} KB`);
}
console.log(
  `\nSites: ${instance
    .sites()
    .map((s) => `${s.siteUrl} (${s.cloudId})`)
    .join(', ')}`,
);
console.log('\nSign in as (X-Sandbox-User, or pick in the browser):');
for (const user of site?.sandboxUsers?.() ?? []) {
  if (user.roles.includes('customer') && user.roles.length === 1 && !user.displayName.includes('Portal'))
    continue;
  console.log(`  ${user.accountId.padEnd(44)} ${user.displayName.padEnd(26)} ${user.roles.join(', ')}`);
}
console.log(
  values['no-interleave']
    ? '\nConcurrency: off (--no-interleave): invocations run in lockstep.'
    : `\nConcurrency: KVS and product calls of concurrent invocations interleave (seed ${values['interleave-seed']}; POST /sandbox/interleaving changes it, --no-interleave turns it off).`,
);
console.log('\nStorage persists in .sandbox/kvs.json (npm start -- --reset starts clean). Ctrl+C stops.\n');

const stop = () => {
  clearInterval(timer);
  server.close();
  instance.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
