/**
 * Admin writes under real concurrency: the sandbox interleaves concurrent invocations' KVS calls (seeded,
 * reproducible; seeds from SANDBOX_SEEDS). Whatever the schedule, every write a caller was told succeeded is in the
 * final state, and a save based on a stale copy is refused with CONFLICT instead of overwriting a newer one.
 * (Before versioned writes, each of these lost an acknowledged write on every seed.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedResponse, ProjectConfig } from '../src/domain/contract';
import { ADMIN, data, type Envelope, startSandbox, type TestSandbox } from './sandbox-support';

const SEEDS = (process.env.SANDBOX_SEEDS ?? '1,2,3').split(',').map(Number);

let t: TestSandbox;
let admin: string;
let people: string[];

beforeAll(async () => {
  t = await startSandbox(5);
  admin = t.sb.users()['site-admin'] as string;
  people = [...t.site.jira.users.values()]
    .filter((u) => u.accountType === 'atlassian')
    .map((u) => u.accountId);
}, 120_000);
afterAll(() => t?.close());

const asAdmin = <T = unknown>(key: string, payload: unknown) =>
  t.invoke<T>(key, payload, admin, { moduleKey: ADMIN });

async function interleaved<T>(seed: number, run: () => Promise<T>): Promise<T> {
  t.sb.sandbox.setInterleaving({ seed });
  try {
    return await run();
  } finally {
    t.sb.sandbox.setInterleaving(undefined);
  }
}

type Roles = { roles: Record<string, { accountIds: string[]; groupIds: string[]; version: number }> };
type AuditList = { entries: { action: string; target?: string; after?: unknown }[] };
const stored = () => t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')).keys as Record<string, unknown>;

describe('role grants under interleaving', () => {
  it.each(SEEDS)('seed %i: two admins granting different people the agent role both land', async (seed) => {
    const n = people.length;
    const [a, b, c] = [0, 1, 2].map((k) => people[(3 * seed + k) % n]) as [string, string, string];
    // Not holding the role before (set up without interleaving), so each of the three grants is a change.
    data(await asAdmin('saveRole', { role: 'agent', revoke: { accountIds: [a, b, c] } }));
    const results = await interleaved(seed, () =>
      Promise.all([
        asAdmin('saveRole', { role: 'agent', grant: { accountIds: [a] } }),
        asAdmin('saveRole', { role: 'agent', grant: { accountIds: [b] } }),
        asAdmin('saveRole', { role: 'agent', grant: { accountIds: [c] } }),
      ]),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const roles = data(await asAdmin<Roles>('getRoles', {}));
    expect(roles.roles.agent?.accountIds).toEqual(expect.arrayContaining([a, b, c]));
    // One audit entry per grant that happened, each naming the grants it stored.
    const audit = data(await asAdmin<AuditList>('listAudit', {}));
    const grants = audit.entries.slice(0, 3);
    expect(grants.map((e) => e.action)).toEqual(['roles.update', 'roles.update', 'roles.update']);
    for (const id of [a, b, c]) {
      expect(grants.some((e) => (e.after as { accountIds: string[] }).accountIds.includes(id))).toBe(true);
    }
  });

  it.each(SEEDS)(
    'seed %i: a grant and a revoke of different people at once both take effect',
    async (seed) => {
      const n = people.length;
      const [gone, added] = [people[seed % n], people[(seed + 1) % n]] as [string, string];
      // One holds the role and one does not (set up without interleaving); then both change at once.
      data(
        await asAdmin('saveRole', {
          role: 'agent',
          grant: { accountIds: [gone] },
          revoke: { accountIds: [added] },
        }),
      );
      const before = data(await asAdmin<Roles>('getRoles', {})).roles.agent;
      const results = await interleaved(seed + 50, () =>
        Promise.all([
          asAdmin('saveRole', { role: 'agent', revoke: { accountIds: [gone] } }),
          asAdmin('saveRole', { role: 'agent', grant: { accountIds: [added] } }),
        ]),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      const after = data(await asAdmin<Roles>('getRoles', {})).roles.agent;
      expect(after?.accountIds).toContain(added);
      expect(after?.accountIds).not.toContain(gone);
      expect(after?.version).toBe((before?.version ?? 0) + 2);
    },
  );
});

describe('canned responses under interleaving', () => {
  it.each(SEEDS)('seed %i: concurrent creates all survive', async (seed) => {
    const titles = Array.from({ length: 5 }, (_, i) => `Seed ${seed} response ${i}`);
    const results = await interleaved(seed, () =>
      Promise.all(
        titles.map((title) =>
          asAdmin<CannedResponse>('saveCannedResponse', { scope: 'global', title, body: 'x' }),
        ),
      ),
    );
    const ids = results.map((r) => data(r).id);
    // Every global response, page by page (the admin page loads only the first).
    const listed: CannedResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = data(
        await asAdmin<{ items: CannedResponse[]; cursor: string | null }>('listCannedResponses', {
          scope: 'global',
          ...(cursor ? { cursor } : {}),
        }),
      );
      listed.push(...page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor);
    for (const id of ids) expect(listed.map((c) => c.id)).toContain(id);
  });

  it.each(SEEDS)(
    'seed %i: two edits of the same copy: one is saved, the other gets CONFLICT',
    async (seed) => {
      const original = data(
        await asAdmin<CannedResponse>('saveCannedResponse', {
          scope: 'global',
          title: `Edit ${seed}`,
          body: 'v1',
        }),
      );
      const edit = (body: string) =>
        asAdmin<CannedResponse>('saveCannedResponse', {
          id: original.id,
          version: original.version,
          scope: 'global',
          title: original.title,
          body,
        });
      const results = await interleaved(seed + 100, () => Promise.all([edit('from A'), edit('from B')]));
      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok) as Extract<Envelope, { ok: false }>[];
      expect(won).toHaveLength(1);
      expect(lost.map((r) => r.error.code)).toEqual(['CONFLICT']);
      expect(lost[0]?.error.message).toMatch(/someone else changed/i);
      const winner = won[0]?.ok ? (won[0].data as CannedResponse) : undefined;
      // What is stored is the acknowledged edit, at the next version; the refused one wrote nothing (nor its audit).
      const listed = data(await asAdmin<{ canned: CannedResponse[] }>('getAdminConfig', {})).canned;
      expect(listed.find((c) => c.id === original.id)).toEqual(winner);
      expect(winner?.version).toBe(original.version + 1);
      const audit = data(await asAdmin<AuditList>('listAudit', {}));
      expect(audit.entries.filter((e) => e.target === original.id).map((e) => e.action)).toEqual([
        'canned.update',
        'canned.create',
      ]);
    },
  );

  it.each(SEEDS)(
    'seed %i: a delete racing an edit of the same copy: exactly one wins, nothing acknowledged is lost',
    async (seed) => {
      const original = data(
        await asAdmin<CannedResponse>('saveCannedResponse', {
          scope: 'global',
          title: `Race ${seed}`,
          body: 'v1',
        }),
      );
      const [edited, deleted] = await interleaved(seed + 200, () =>
        Promise.all([
          asAdmin<CannedResponse>('saveCannedResponse', {
            id: original.id,
            version: original.version,
            scope: 'global',
            title: original.title,
            body: 'edited',
          }),
          asAdmin('deleteCannedResponse', { id: original.id, version: original.version }),
        ]),
      );
      expect([edited?.ok, deleted?.ok].filter(Boolean)).toHaveLength(1);
      const listed = data(await asAdmin<{ canned: CannedResponse[] }>('getAdminConfig', {})).canned;
      const now = listed.find((c) => c.id === original.id);
      if (edited?.ok) {
        // The edit landed first: the delete was decided on content that is gone, so it is refused.
        expect(now).toEqual(edited.data);
        expect(deleted).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      } else {
        // The delete landed first: the edit is not resurrected.
        expect(now).toBeUndefined();
        expect(edited).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      }
    },
  );
});

describe('project configuration under interleaving', () => {
  const config = (seed: number, enabled: boolean): ProjectConfig => ({
    projectKey: 'FS',
    enabled,
    activeStatusIds: [String(seed)],
    assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
  });

  it.each(SEEDS)(
    'seed %i: two saves from the same version: one is saved, the other gets CONFLICT',
    async (seed) => {
      const page = data(
        await asAdmin<{ configs: (ProjectConfig & { version: number })[] }>('getAdminConfig', {}),
      );
      const version = page.configs.find((c) => c.projectKey === 'FS')?.version ?? 0;
      const results = await interleaved(seed + 300, () =>
        Promise.all([
          asAdmin('saveProjectConfig', { ...config(seed, true), version }),
          asAdmin('saveProjectConfig', { ...config(seed, false), version }),
        ]),
      );
      const won = results.findIndex((r) => r.ok);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results[1 - won] as Extract<Envelope, { ok: false }>;
      expect(lost.error).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/someone else changed the FS/i),
      });
      expect(stored()['config:project:FS']).toMatchObject({
        ...config(seed, won === 0),
        version: version + 1,
      });
    },
  );
});
