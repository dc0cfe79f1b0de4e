import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createKvsStore, type KvsStore } from './kvs/index';
import { SandboxClock } from './runtime/clock';
import { type AppSpec, Sandbox, type SandboxOptions } from './runtime/sandbox';
import { createSite, type Site, type SiteOptions } from './site/site';

export { createHost } from './host/index';
export { createKvsStore, type KvsStore } from './kvs/index';
export { SandboxClock } from './runtime/clock';
export type { FaultRule, StorageCrashRule } from './runtime/faults';
export { StorageCrashError, StorageCrasher } from './runtime/faults';
export { Interleaver, type InterleavingOptions } from './runtime/interleave';
export { LIMITS } from './runtime/limits';
export { type AppManifest, loadManifest } from './runtime/manifest';
export { type AppSpec, InvocationFailure, type RequestLogEntry, Sandbox } from './runtime/sandbox';
export { createSandboxServer, listen } from './server';
export { createSite, type Site, type SiteOptions } from './site/site';
export type { Principal, SandboxUser, SiteLike } from './site/types';

export interface CreateSandboxOptions {
  readonly apps: readonly AppSpec[];
  /** Seed for every generated site (default 1). */
  readonly seed?: number;
  /** How many sites to emulate, or each site's options (default one site). */
  readonly sites?: number | readonly Omit<SiteOptions, 'now'>[];
  /** Assets objects per site. */
  readonly objects?: number;
  /** Where bundles and storage go (default `<repo>/.sandbox`). */
  readonly workDir?: string;
  /** Persist KVS to `<workDir>/kvs.json` (default: in memory only). */
  readonly persist?: boolean;
  /** Start with empty storage, deleting what was persisted. */
  readonly reset?: boolean;
  readonly clock?: 'manual' | 'real';
  readonly limits?: SandboxOptions['limits'];
  readonly externalHosts?: SandboxOptions['externalHosts'];
  /** Interleave concurrent invocations' KVS calls and queue deliveries, seeded (see runtime/interleave.ts). */
  readonly interleaving?: SandboxOptions['interleaving'];
}

export interface SandboxInstance {
  readonly sandbox: Sandbox;
  readonly kvs: KvsStore;
  sites(): readonly Site[];
  /** The first seeded user holding each sandbox role, on the first site (handy in tests). */
  users(): Readonly<Record<string, string>>;
  /** Reseeds the sites and empties storage. */
  reset(): void;
  close(): void;
}

/** The repository root (for `.sandbox/`), found from this file. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

function siteOptions(options: CreateSandboxOptions): Omit<SiteOptions, 'now'>[] {
  const seed = options.seed ?? 1;
  const list: readonly Omit<SiteOptions, 'now'>[] =
    typeof options.sites === 'object'
      ? options.sites
      : Array.from({ length: options.sites ?? 1 }, (_, i) => ({
          cloudId: `sandbox-${String.fromCharCode(97 + i)}-0000-4000-8000-00000000000${i}`,
          seed: seed + i,
        }));
  return list.map((s) =>
    options.objects !== undefined && s.objects === undefined ? { ...s, objects: options.objects } : s,
  );
}

/** A whole sandbox in this process: seeded sites, KVS, and the apps loaded and bundled. No port needed. */
export async function createSandbox(options: CreateSandboxOptions): Promise<SandboxInstance> {
  const workDir = options.workDir ?? join(REPO_ROOT, '.sandbox');
  const clock = new SandboxClock(options.clock ?? 'manual');
  const now = () => clock.now();
  const kvs = createKvsStore({
    ...(options.persist ? { file: join(workDir, 'kvs.json') } : {}),
    ...(options.reset ? { reset: true } : {}),
    now,
  });
  const build = () => siteOptions(options).map((s) => createSite({ ...s, now }));
  let sites = build();
  const sandbox = await Sandbox.create({
    apps: options.apps,
    sites,
    kvs,
    workDir,
    clock,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.externalHosts ? { externalHosts: options.externalHosts } : {}),
    ...(options.interleaving ? { interleaving: options.interleaving } : {}),
  });
  return {
    sandbox,
    kvs,
    sites: () => sites,
    users() {
      const byRole: Record<string, string> = {};
      for (const user of sites[0]?.sandboxUsers?.() ?? []) {
        for (const role of user.roles) byRole[role] ??= user.accountId;
      }
      return byRole;
    },
    reset() {
      kvs.clear();
      sites = build();
      sandbox.replaceSites(sites);
    },
    close() {
      kvs.close();
    },
  };
}

/** Apps to load: every `apps/<name>` with a manifest.yml, plus the sandbox's demo apps. */
export function discoverApps(root = REPO_ROOT, withDemos = true): AppSpec[] {
  const specs: AppSpec[] = [];
  const appsDir = join(root, 'apps');
  if (existsSync(appsDir)) {
    for (const name of readdirSync(appsDir)) {
      const dir = join(appsDir, name);
      if (!existsSync(join(dir, 'manifest.yml'))) continue;
      // Forge variables for the sandbox (what `forge variables set` would hold), e.g. a local tile server URL.
      const variablesFile = join(dir, 'sandbox.variables.json');
      const variables = existsSync(variablesFile)
        ? (JSON.parse(readFileSync(variablesFile, 'utf8')) as Record<string, string>)
        : undefined;
      specs.push({ key: name, dir, ...(variables ? { variables } : {}) });
    }
  }
  if (withDemos) {
    const fixtures = join(root, 'packages', 'sandbox', 'test', 'fixtures');
    for (const name of ['demo-app', 'demo-customui']) {
      if (existsSync(join(fixtures, name, 'manifest.yml'))) {
        specs.push({
          key: name.replace('-app', ''),
          dir: join(fixtures, name),
          variables: { DEMO_GREETING: 'Hello from the sandbox' },
        });
      }
    }
  }
  return specs;
}
