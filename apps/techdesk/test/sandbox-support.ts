/**
 * Runs TechDesk unmodified in the in-process sandbox (seed 5). `aqlBodies` reads the Assets AQL request bodies
 * the app sent, from the sandbox's request log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type SandboxInstance, type Site } from '@suite/sandbox';

export const APP_DIR = new URL('..', import.meta.url).pathname;
export const PANEL = 'techdesk-panel';
export const ADMIN = 'techdesk-admin';

export type Envelope<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: { path: string; message: string }[] } };

export interface TestSandbox {
  readonly sb: SandboxInstance;
  readonly site: Site;
  readonly aqlBodies: unknown[];
  invoke<T = unknown>(
    functionKey: string,
    payload: unknown,
    accountId: string,
    options?: { moduleKey?: string; issueKey?: string },
  ): Promise<Envelope<T>>;
  close(): void;
}

export async function startSandbox(seed = 5): Promise<TestSandbox> {
  const workDir = mkdtempSync(join(tmpdir(), 'techdesk-test-'));
  const sb = await createSandbox({ apps: [{ key: 'techdesk', dir: APP_DIR }], seed, workDir });
  const site = sb.sites()[0] as Site;
  return {
    sb,
    site,
    get aqlBodies() {
      return sb.sandbox.requests
        .filter((r) => r.method === 'POST' && r.path.split('?')[0]?.endsWith('/object/aql') && r.body)
        .map((r) => JSON.parse(r.body as string) as unknown);
    },
    async invoke(functionKey, payload, accountId, options = {}) {
      const issueKey = options.issueKey ?? (payload as { issueKey?: unknown } | null)?.issueKey;
      const issue =
        typeof issueKey === 'string'
          ? [...site.jira.issues.values()].find((i) => i.key === issueKey)
          : undefined;
      return (await sb.sandbox.invokeResolver({
        app: 'techdesk',
        moduleKey: options.moduleKey ?? PANEL,
        functionKey,
        payload,
        accountId,
        ...(issue ? { extension: { issue: { key: issue.key, id: issue.id } } } : {}),
      })) as Envelope<never>;
    },
    close() {
      sb.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Narrows an envelope to its data, failing the test with the error otherwise. */
export function data<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`Expected ok, got ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}
