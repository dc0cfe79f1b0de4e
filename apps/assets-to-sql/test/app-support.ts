/** Shared setup for the end-to-end tests: this app, unmodified, in the sandbox, plus pull and sqlite3 helpers. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type SandboxInstance } from '@suite/sandbox';

export const APP = 'assets-to-sql';
export const ADMIN_MODULE = 'assets-to-sql-admin';
export const APP_DIR = new URL('..', import.meta.url).pathname;

export interface Harness {
  readonly sb: SandboxInstance;
  readonly admin: string;
  readonly agent: string;
  readonly cloudId: string;
  invoke<T = unknown>(functionKey: string, payload?: unknown, accountId?: string): Promise<ResolverResult<T>>;
  pull(query: Record<string, string>, key?: string, method?: string): Promise<PullResponse>;
  /** Follows X-Next-Cursor to the end; returns every chunk. */
  pullAll(query: Record<string, string>, key: string): Promise<PullResponse[]>;
  kvsDump(): unknown;
}

export type ResolverResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string } };

export interface PullResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: string;
  readonly nextCursor: string | undefined;
}

export async function createHarness(options: {
  objects: number;
  variables?: Record<string, string>;
  /** Platform limits to override (e.g. a short `maxTimeoutSeconds` to make workers time out quickly). */
  limits?: Parameters<typeof createSandbox>[0]['limits'];
}): Promise<Harness> {
  const sb = await createSandbox({
    apps: [{ key: APP, dir: APP_DIR, ...(options.variables ? { variables: options.variables } : {}) }],
    seed: 3,
    objects: options.objects,
    workDir: mkdtempSync(join(tmpdir(), 'a2s-sandbox-')),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const users = sb.users();
  const admin = users['site-admin'];
  const agent = users.agent;
  const cloudId = sb.sites()[0]?.cloudId;
  if (!admin || !agent || !cloudId) throw new Error('the seeded site lacks an admin, an agent or a site');
  const harness: Harness = {
    sb,
    admin,
    agent,
    cloudId,
    async invoke<T>(functionKey: string, payload: unknown = {}, accountId = admin) {
      return (await sb.sandbox.invokeResolver({
        app: APP,
        moduleKey: ADMIN_MODULE,
        functionKey,
        payload,
        accountId,
      })) as ResolverResult<T>;
    },
    async pull(query, key, method = 'GET') {
      const response = await sb.sandbox.invokeWebTrigger(
        { app: APP, cloudId, key: 'pull-endpoint' },
        {
          method,
          path: '/',
          headers: key === undefined ? {} : { Authorization: `Bearer ${key}` },
          query: new URLSearchParams(query),
          body: '',
        },
      );
      const next = Object.entries(response.headers).find(
        ([k]) => k.toLowerCase() === 'x-next-cursor',
      )?.[1]?.[0];
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        nextCursor: next,
      };
    },
    async pullAll(query, key) {
      const chunks: PullResponse[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 500; i++) {
        const response = await harness.pull({ ...query, ...(cursor ? { cursor } : {}) }, key);
        if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${response.body}`);
        chunks.push(response);
        cursor = response.nextCursor;
        if (!cursor) return chunks;
      }
      throw new Error('the export did not finish in 500 chunks');
    },
    kvsDump: () => sb.kvs.dump(sb.sandbox.kvsScope(APP)),
  };
  return harness;
}

export function unwrap<T>(result: ResolverResult<T>): T {
  if (!result.ok) throw new Error(`resolver failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

/** Runs SQL through the sqlite3 CLI (on stdin) against a database file; returns stdout. */
export function sqlite(dbFile: string, sql: string): string {
  return execFileSync('/usr/bin/sqlite3', ['-bail', dbFile], { input: sql, encoding: 'utf8' });
}

export function newDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'a2s-db-')), 'export.sqlite');
}
