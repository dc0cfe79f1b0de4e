/**
 * Caps on stored lists. Lists written before the cap (here 550 responses of 10,000 three-byte characters each, per
 * list) must still load, under Forge's 5 MB resolver response limit (the sandbox answers 413 above it), and page
 * so every response can be reached and deleted; creating past the cap is refused, also under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedPage, CannedResponse, PanelData, ProjectConfig } from '../src/domain/contract';
import { ADMIN, data, type Envelope, startSandbox, type TestSandbox } from './sandbox-support';

/** Forge's resolver response payload limit (reference: forge-platform.md; sandbox `invocationPayloadBytes`). */
const RESPONSE_LIMIT = 5 * 1024 * 1024;
const STORED = 550;
const SEEDS = (process.env.SANDBOX_SEEDS ?? '1,2,3').split(',').map(Number);

let t: TestSandbox;
let agent: string;
let admin: string;
let ticket: string;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const uuid = (tag: number, i: number) =>
  `00000000-0000-4000-8${String(tag).padStart(3, '0')}-${String(i).padStart(12, '0')}`;
const kvsScope = () => t.sb.sandbox.kvsScope('techdesk');

/** Writes responses straight into KVS, as data stored before the cap existed would be. */
function store(kind: 'g' | 'p' | 'u', owner: string, count: number, tag: number, body = '€'.repeat(10_000)) {
  for (let i = 0; i < count; i++) {
    const id = uuid(tag, i);
    const [key, value] =
      kind === 'g'
        ? [`canned:g:${id}`, { id: `g.${id}`, scope: 'global' }]
        : kind === 'p'
          ? [`canned:p:${owner}:${id}`, { id: `p.${owner}.${id}`, scope: 'project', projectKey: owner }]
          : [`canned:u:${owner}:${id}`, { id: `u.${id}`, scope: 'personal' }];
    const written = t.sb.kvs.handle(kvsScope(), '/api/v1/set', {
      key,
      value: {
        ...value,
        title: `Stored ${tag}/${i}`,
        body,
        updatedBy: admin,
        updatedAt: new Date().toISOString(),
      },
    });
    if (written.status >= 300) throw new Error(`seed write failed: ${JSON.stringify(written.body)}`);
  }
}

const storedKeys = (prefix: string) =>
  Object.keys(t.sb.kvs.dump(kvsScope()).keys).filter((k) => k.startsWith(prefix));

const asAdmin = <T = unknown>(key: string, payload: unknown) =>
  t.invoke<T>(key, payload, admin, { moduleKey: ADMIN });

/** Follows the cursors from a first page to the end, checking each page's size on the way. */
async function everyPage(
  first: { items: readonly CannedResponse[]; cursor: string | null },
  next: (cursor: string) => Promise<Envelope<CannedPage>>,
): Promise<CannedResponse[]> {
  const out = [...first.items];
  let cursor = first.cursor;
  while (cursor) {
    const envelope = await next(cursor);
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    const page = data(envelope);
    expect(page.items.length).toBeGreaterThan(0);
    out.push(...page.items);
    cursor = page.cursor;
  }
  return out;
}

beforeAll(async () => {
  t = await startSandbox(5);
  const users = t.sb.users();
  agent = users.agent as string;
  admin = users['site-admin'] as string;
  ticket = (
    [...t.site.jira.issues.values()].find((i) => i.key.startsWith('FS-') && i.requestTypeId !== null) as {
      key: string;
    }
  ).key;
  const config: ProjectConfig = {
    projectKey: 'FS',
    enabled: true,
    activeStatusIds: [],
    assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
  };
  data(await asAdmin('saveProjectConfig', { ...config, version: 0 }));
  store('p', 'FS', STORED, 1);
  store('g', '', STORED, 2);
  store('u', agent, STORED, 3);
}, 600_000);
afterAll(() => t?.close());

describe('canned responses stored past the cap', () => {
  it('getPanel answers under the payload limit, and paging reaches every response of each list', async () => {
    const envelope = await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent);
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    const panel = data(envelope);
    expect(panel.cannedCap).toBe(200);
    for (const scope of ['personal', 'project', 'global'] as const) {
      expect(panel.cannedMore[scope]).not.toBeNull();
      const all = await everyPage(
        { items: panel.cannedResponses.filter((c) => c.scope === scope), cursor: panel.cannedMore[scope] },
        (cursor) => t.invoke<CannedPage>('listCannedResponses', { issueKey: ticket, scope, cursor }, agent),
      );
      expect(new Set(all.map((c) => c.id)).size).toBe(STORED);
      expect(all.every((c) => c.scope === scope)).toBe(true);
    }
  });

  it('the agent can delete a personal response reached only by paging', async () => {
    const panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    const all = await everyPage(
      {
        items: panel.cannedResponses.filter((c) => c.scope === 'personal'),
        cursor: panel.cannedMore.personal,
      },
      (cursor) =>
        t.invoke<CannedPage>('listCannedResponses', { issueKey: ticket, scope: 'personal', cursor }, agent),
    );
    const last = all.at(-1) as CannedResponse;
    expect(panel.cannedResponses.map((c) => c.id)).not.toContain(last.id);
    data(await t.invoke('deleteCannedResponse', { id: last.id, version: last.version }, agent));
    expect(storedKeys(`canned:u:${agent}:`)).toHaveLength(STORED - 1);
  });

  it('getAdminConfig answers under the payload limit, and paging reaches every project and global response', async () => {
    const envelope = await asAdmin<{
      canned: CannedResponse[];
      cannedMore: { project: string | null; global: string | null };
      cannedCap: number;
    }>('getAdminConfig', {});
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    const page = data(envelope);
    for (const scope of ['project', 'global'] as const) {
      const all = await everyPage(
        { items: page.canned.filter((c) => c.scope === scope), cursor: page.cannedMore[scope] },
        (cursor) => asAdmin<CannedPage>('listCannedResponses', { scope, cursor }),
      );
      expect(new Set(all.map((c) => c.id)).size).toBe(STORED);
      // The one the admin can only reach by paging can be deleted.
      const last = all.at(-1) as CannedResponse;
      data(await asAdmin('deleteCannedResponse', { id: last.id, version: last.version }));
    }
    expect(storedKeys('canned:p:FS:')).toHaveLength(STORED - 1);
    expect(storedKeys('canned:g:')).toHaveLength(STORED - 1);
  });

  it('a create in a list at or over the cap is refused naming the limit; other lists are not affected', async () => {
    const refusals = [
      [
        asAdmin('saveCannedResponse', { scope: 'project', projectKey: 'FS', title: 'One more', body: 'x' }),
        'This project already has 200 canned responses, the most TechDesk keeps; delete one first.',
      ],
      [
        asAdmin('saveCannedResponse', { scope: 'global', title: 'One more', body: 'x' }),
        'There are already 200 global canned responses, the most TechDesk keeps; delete one first.',
      ],
      [
        t.invoke('saveCannedResponse', { scope: 'personal', title: 'One more', body: 'x' }, agent),
        'You already have 200 personal canned responses, the most TechDesk keeps; delete one first.',
      ],
    ] as const;
    for (const [pending, message] of refusals) {
      expect(await pending).toEqual({ ok: false, error: { code: 'UNPROCESSABLE', message } });
    }
    expect(storedKeys('canned:p:FS:')).toHaveLength(STORED - 1);
    // Editing a stored response is not a create: still allowed at the cap.
    const first = data(await asAdmin<CannedPage>('listCannedResponses', { scope: 'global' })).items[0];
    const edited = data(
      await asAdmin<CannedResponse>('saveCannedResponse', {
        id: first?.id,
        version: first?.version,
        scope: 'global',
        title: 'Edited at the cap',
        body: 'y',
      }),
    );
    expect(edited.title).toBe('Edited at the cap');
    // Another agent's personal list is their own.
    const other = t.sb.users()['project-admin'] as string;
    data(await t.invoke('saveCannedResponse', { scope: 'personal', title: 'Mine', body: 'x' }, other));
  });
});

describe('the cap under concurrency', () => {
  it.each(SEEDS)('seed %i: concurrent creates near the cap never overshoot it', async (seed) => {
    const project = 'IT';
    const prefix = `canned:p:${project}:`;
    for (const key of storedKeys(prefix)) t.sb.kvs.handle(kvsScope(), '/api/v1/delete', { key });
    store('p', project, 197, 100 + seed, 'short');
    t.sb.sandbox.setInterleaving({ seed });
    let results: Envelope[];
    try {
      results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          asAdmin('saveCannedResponse', {
            scope: 'project',
            projectKey: project,
            title: `Race ${i}`,
            body: 'x',
          }),
        ),
      );
    } finally {
      t.sb.sandbox.setInterleaving(undefined);
    }
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'UNPROCESSABLE',
          message:
            'This project already has 200 canned responses, the most TechDesk keeps; delete one first.',
        },
      });
    }
    expect(storedKeys(prefix)).toHaveLength(200);
  });
});

describe('the logs page by cursor', () => {
  /** Follows `listAudit` / `listFeedback` cursors to the end, checking every page stays under the limit. */
  async function allEntries<E>(key: 'listAudit' | 'listFeedback'): Promise<E[]> {
    const out: E[] = [];
    let cursor: string | null = null;
    do {
      const envelope: Envelope<{ entries: E[]; cursor: string | null }> = await asAdmin(
        key,
        cursor ? { cursor } : {},
      );
      expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
      const page: { entries: E[]; cursor: string | null } = data(envelope);
      out.push(...page.entries);
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  it('audit entries of the largest changes (a full-size canned response before → after) page under the limit', async () => {
    // IT's list may be full from the concurrency tests: make room.
    for (const key of storedKeys('canned:p:IT:')) t.sb.kvs.handle(kvsScope(), '/api/v1/delete', { key });
    const body = (n: number) => `${n}`.padEnd(10_000, '€');
    let canned = data(
      await asAdmin<CannedResponse>('saveCannedResponse', {
        scope: 'project',
        projectKey: 'IT',
        title: 'Big',
        body: body(0),
      }),
    );
    const updates = 120;
    for (let i = 1; i <= updates; i++) {
      canned = data(
        await asAdmin<CannedResponse>('saveCannedResponse', {
          id: canned.id,
          version: canned.version,
          scope: 'project',
          projectKey: 'IT',
          title: 'Big',
          body: body(i),
        }),
      );
    }
    const entries = await allEntries<{ action: string; target?: string }>('listAudit');
    const mine = entries.filter((e) => e.target === canned.id);
    expect(mine.filter((e) => e.action === 'canned.update')).toHaveLength(updates);
    expect(mine.filter((e) => e.action === 'canned.create')).toHaveLength(1);
  });

  it('feedback of full size pages under the limit and every entry is reachable', async () => {
    const count = 150;
    const ids = new Set<string>();
    for (let i = 0; i < count; i++) {
      const sent = data(
        await t.invoke<{ id: string }>('submitFeedback', { text: `${i}`.padEnd(2_000, '€') }, agent),
      );
      ids.add(sent.id);
    }
    const listed = await allEntries<{ id: string }>('listFeedback');
    for (const id of ids) expect(listed.map((e) => e.id)).toContain(id);
  });
});
