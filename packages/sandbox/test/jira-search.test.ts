import { describe, expect, it } from 'vitest';
import { seedJira } from '../src/seed/jira';
import { createRng } from '../src/seed/rng';
import { directCaller } from '../src/site/jira/call';
import { jiraRoutes } from '../src/site/jira/routes';
import type { Principal } from '../src/site/types';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const { state } = seedJira(createRng(11), { tickets: 120, technicians: 10, now: () => NOW });
const call = directCaller(jiraRoutes, state);
const user = (name: string): Principal => {
  const u = [...state.users.values()].find((x) => x.displayName === name);
  if (!u) throw new Error(name);
  return { kind: 'user', accountId: u.accountId };
};
const agent = user('Jordan Lee');
const fsOnlyAgent = user('Tom Becker');

interface SearchPage {
  issues: { id: string; key?: string; fields?: Record<string, unknown> }[];
  nextPageToken?: string;
  isLast: boolean;
}

function searchAll(principal: Principal, jql: string, maxResults: number, fields?: string): string[] {
  const ids: string[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const params = new URLSearchParams({ jql, maxResults: String(maxResults) });
    if (token) params.set('nextPageToken', token);
    if (fields) params.set('fields', fields);
    const res = call(principal, 'GET', `/rest/api/3/search/jql?${params}`);
    expect(res.status).toBe(200);
    const page = res.body as SearchPage;
    ids.push(...page.issues.map((i) => i.id));
    if (page.isLast) {
      expect(page.nextPageToken).toBeUndefined();
      return ids;
    }
    expect(typeof page.nextPageToken).toBe('string');
    token = page.nextPageToken;
  }
  throw new Error('paging did not end');
}

describe('search/jql', () => {
  it('pages with an opaque nextPageToken until isLast, covering every match exactly once', () => {
    const ids = searchAll(agent, 'project = FS', 25);
    const expected = [...state.issues.values()].filter((i) => i.key.startsWith('FS-'));
    expect(ids.length).toBe(expected.length);
    expect(new Set(ids).size).toBe(ids.length);
    // Same set through POST with one big page.
    const res = call(agent, 'POST', '/rest/api/3/search/jql', { jql: 'project = FS', maxResults: 5000 });
    const page = res.body as SearchPage;
    expect(page.isLast).toBe(true);
    expect(page.issues.map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('returns only id by default, and requested fields otherwise', () => {
    const page = call(agent, 'GET', '/rest/api/3/search/jql?jql=project%3DFS&maxResults=2')
      .body as SearchPage;
    expect(page.issues[0]).toEqual({ id: expect.any(String) });
    expect(page).not.toHaveProperty('total');
    const withFields = call(agent, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = FS',
      maxResults: 1,
      fields: ['summary', 'status', 'customfield_10101'],
    }).body as SearchPage;
    const fields = withFields.issues[0]?.fields ?? {};
    expect(Object.keys(fields).sort()).toEqual(['customfield_10101', 'status', 'summary']);
    expect(fields.customfield_10101).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number) });
  });

  it('caps maxResults at 100 with fields and 5000 for id/key only', () => {
    const many = call(agent, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = FS',
      maxResults: 1000,
      fields: ['summary'],
    }).body as SearchPage;
    expect(many.issues.length).toBe(100);
    expect(many.isLast).toBe(false);
    const ids = call(agent, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = FS',
      maxResults: 1000,
      fields: ['key'],
    }).body as SearchPage;
    expect(ids.issues.length).toBeGreaterThan(100);
  });

  it('rejects unbounded JQL with 400', () => {
    for (const jql of ['', 'order by key desc', 'ORDER BY created']) {
      const res = call(agent, 'POST', '/rest/api/3/search/jql', { jql });
      expect(res.status).toBe(400);
      expect((res.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/Unbounded JQL/);
    }
    expect(call(agent, 'POST', '/rest/api/3/search/approximate-count', { jql: 'order by key' }).status).toBe(
      400,
    );
  });

  it('rejects a token from another query and malformed JQL', () => {
    const first = call(agent, 'GET', '/rest/api/3/search/jql?jql=project%3DFS&maxResults=5')
      .body as SearchPage;
    const reuse = call(
      agent,
      'GET',
      `/rest/api/3/search/jql?jql=project%3DIT&nextPageToken=${first.nextPageToken}`,
    );
    expect(reuse.status).toBe(400);
    expect(call(agent, 'POST', '/rest/api/3/search/jql', { jql: 'project = FS AND' }).status).toBe(400);
    expect(call(agent, 'POST', '/rest/api/3/search/jql', { jql: 'nosuchfield = 1' }).status).toBe(400);
    expect(call(agent, 'POST', '/rest/api/3/search/jql', { jql: 'status = "No such status"' }).status).toBe(
      400,
    );
  });

  it('filters by browse permission (IT issues invisible to an FS-only agent)', () => {
    const ids = searchAll(fsOnlyAgent, 'project = FS OR statusCategory != Done', 200);
    const keys = ids.map((id) => state.issues.get(id)?.key ?? '');
    expect(keys.every((k) => k.startsWith('FS-'))).toBe(true);
    const res = call(fsOnlyAgent, 'POST', '/rest/api/3/search/jql', { jql: 'project = IT' });
    expect(res.status).toBe(400);
  });

  it('evaluates the JQL subset', () => {
    const count = (jql: string, p: Principal = agent) => {
      const res = call(p, 'POST', '/rest/api/3/search/approximate-count', { jql });
      expect(res.status).toBe(200);
      return (res.body as { count: number }).count;
    };
    const all = [...state.issues.values()];
    const done = (i: (typeof all)[number]) => ['10004', '6', '10005'].includes(i.fields.statusId);
    expect(count('project = FS AND statusCategory != Done')).toBe(120);
    expect(count('project = FS AND statusCategory = Done')).toBe(24);
    expect(count('project in (FS, IT) AND assignee is EMPTY')).toBe(
      all.filter((i) => i.fields.assignee === null).length,
    );
    expect(count('project = FS AND status in ("Dispatched", "On site")')).toBe(
      all.filter((i) => i.key.startsWith('FS-') && ['10002', '10003'].includes(i.fields.statusId)).length,
    );
    expect(count('project = FS AND status != "Waiting for support" AND NOT statusCategory = Done')).toBe(
      all.filter((i) => i.key.startsWith('FS-') && i.fields.statusId !== '10000' && !done(i)).length,
    );
    expect(count('key = FS-1 OR key in (FS-2, FS-3)')).toBe(3);
    expect(count('updated >= -1d AND project = FS')).toBe(
      all.filter((i) => i.key.startsWith('FS-') && i.updated >= NOW.getTime() - 86_400_000).length,
    );
    expect(count('project = FS AND updated >= "2026-02-28 12:00"')).toBe(
      all.filter((i) => i.key.startsWith('FS-') && i.updated >= Date.UTC(2026, 1, 28, 12)).length,
    );
    expect(count('(project = IT AND priority = High) OR (project = IT AND priority != High)')).toBe(30);
    const tech = [...state.users.values()].find((u) => u.sandboxRoles.includes('technician'));
    const techPrincipal: Principal = { kind: 'user', accountId: tech?.accountId ?? '' };
    expect(count('assignee = currentUser()', techPrincipal)).toBe(
      all.filter((i) => i.fields.assignee === tech?.accountId).length,
    );
    expect(count(`assignee = "${tech?.accountId}"`)).toBe(
      all.filter((i) => i.fields.assignee === tech?.accountId).length,
    );
  });

  it('orders results', () => {
    const res = call(agent, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = FS ORDER BY created ASC',
      maxResults: 50,
      fields: ['created'],
    });
    const created = (res.body as SearchPage).issues.map((i) => String(i.fields?.created));
    expect(created).toEqual([...created].sort());
    const desc = call(agent, 'POST', '/rest/api/3/search/jql', {
      jql: 'project = FS ORDER BY key DESC',
      fields: ['key'],
    }).body as SearchPage;
    expect(desc.issues[0]?.key).toBe(`FS-${144}`);
  });

  it('the old search API is gone (410)', () => {
    expect(call(agent, 'GET', '/rest/api/3/search?jql=project%3DFS').status).toBe(410);
    expect(call(agent, 'POST', '/rest/api/3/search', { jql: 'project = FS' }).status).toBe(410);
  });
});
