/**
 * Every product API call DispatchDesk makes. All run **as the invoking user** (`asUser()`): a dispatcher sees and
 * changes through the app only what Jira lets them see and change. Paths are relative to the site.
 * Scopes: read:jira-work (search, issue, transitions, project statuses, fields), write:jira-work (assignee,
 * transition), read:jira-user (users, group members), read:servicedesk-request (Assets workspace id),
 * read:cmdb-object:jira + read:cmdb-attribute:jira (Assets location objects with their attributes).
 */
import { asUser, type Route, route } from '@forge/api';
import { aql, aqlId } from '@suite/aql';

/** A product call that did not succeed. The message never contains the response body. */
export class ProductApiError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
  ) {
    super(`${what} answered HTTP ${status}`);
    this.name = 'ProductApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT';

async function call(what: string, path: Route, method: Method = 'GET', body?: unknown): Promise<unknown> {
  const response = await asUser().requestJira(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined;
  if (response.status < 200 || response.status >= 300) throw new ProductApiError(response.status, what);
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProductApiError(502, `${what} (body is not JSON)`);
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `search/jql` pages (100 issues each with fields) until done or `max` issues; newest first by the JQL. */
export async function searchIssues(
  jql: string,
  fields: readonly string[],
  max: number,
  expand?: string,
): Promise<{ issues: unknown[]; truncated: boolean }> {
  const issues: unknown[] = [];
  let token: string | undefined;
  for (;;) {
    const body = obj(
      await call('search', route`/rest/api/3/search/jql`, 'POST', {
        jql,
        fields,
        maxResults: Math.min(100, max - issues.length),
        ...(expand ? { expand } : {}),
        ...(token ? { nextPageToken: token } : {}),
      }),
    );
    issues.push(...arr(body.issues));
    token = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
    if (!token) return { issues, truncated: false };
    if (issues.length >= max) return { issues, truncated: true };
  }
}

/** `POST /search/approximate-count` → `{count}`. */
export async function approximateCount(jql: string): Promise<number> {
  const body = obj(await call('count', route`/rest/api/3/search/approximate-count`, 'POST', { jql }));
  return typeof body.count === 'number' ? body.count : 0;
}

export function getIssue(key: string, fields: readonly string[]): Promise<unknown> {
  return call('issue', route`/rest/api/3/issue/${key}?fields=${fields.join(',')}`);
}

/** Only Assign issues (plus Browse) is needed; 204. */
export async function assignIssue(key: string, accountId: string): Promise<void> {
  await call('assign', route`/rest/api/3/issue/${key}/assignee`, 'PUT', { accountId });
}

export async function transitionsOf(key: string): Promise<{ id: string; name: string; to: string }[]> {
  const body = obj(await call('transitions', route`/rest/api/3/issue/${key}/transitions`));
  return arr(body.transitions).flatMap((t) => {
    const tr = obj(t);
    return typeof tr.id === 'string' && typeof tr.name === 'string'
      ? [
          {
            id: tr.id,
            name: tr.name,
            to: typeof obj(tr.to).name === 'string' ? (obj(tr.to).name as string) : '',
          },
        ]
      : [];
  });
}

export async function doTransition(key: string, id: string): Promise<void> {
  await call('transition', route`/rest/api/3/issue/${key}/transitions`, 'POST', { transition: { id } });
}

/** Statuses of a project, de-duplicated across issue types; null when the project is missing or hidden. */
export async function projectStatuses(
  projectKey: string,
): Promise<{ id: string; name: string; category: string }[] | null> {
  let body: unknown;
  try {
    body = await call('project statuses', route`/rest/api/3/project/${projectKey}/statuses`);
  } catch (error) {
    if (error instanceof ProductApiError && error.status === 404) return null;
    throw error;
  }
  const seen = new Map<string, { id: string; name: string; category: string }>();
  for (const type of arr(body)) {
    for (const s of arr(obj(type).statuses)) {
      const status = obj(s);
      if (typeof status.id !== 'string' || seen.has(status.id)) continue;
      seen.set(status.id, {
        id: status.id,
        name: typeof status.name === 'string' ? status.name : status.id,
        category:
          typeof obj(status.statusCategory).key === 'string'
            ? (obj(status.statusCategory).key as string)
            : '',
      });
    }
  }
  return [...seen.values()];
}

export async function fieldList(): Promise<
  { id: string; name: string; custom: string | null; type: string | null }[]
> {
  return arr(await call('fields', route`/rest/api/3/field`)).flatMap((f) => {
    const field = obj(f);
    const schema = obj(field.schema);
    return typeof field.id === 'string'
      ? [
          {
            id: field.id,
            name: typeof field.name === 'string' ? field.name : field.id,
            custom: typeof schema.custom === 'string' ? schema.custom : null,
            type: typeof schema.type === 'string' ? schema.type : null,
          },
        ]
      : [];
  });
}

/** Active members of a Jira group (by id), 50 a page, at most `max`. */
export async function groupMembers(
  groupId: string,
  max = 2_000,
): Promise<{ accountId: string; displayName: string; accountType: string }[]> {
  const out: { accountId: string; displayName: string; accountType: string }[] = [];
  for (let startAt = 0; startAt < max; startAt += 50) {
    const body = obj(
      await call(
        'group members',
        route`/rest/api/3/group/member?groupId=${groupId}&includeInactiveUsers=false&startAt=${String(startAt)}&maxResults=50`,
      ),
    );
    for (const v of arr(body.values)) {
      const u = obj(v);
      if (typeof u.accountId === 'string')
        out.push({
          accountId: u.accountId,
          displayName: typeof u.displayName === 'string' ? u.displayName : u.accountId,
          accountType: typeof u.accountType === 'string' ? u.accountType : 'atlassian',
        });
    }
    if (body.isLast !== false) break;
  }
  return out;
}

/** Display names for account ids (`user/bulk`, 100 ids a call). Unknown or hidden ids are left out. */
export async function usersBulk(ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const query = new URLSearchParams([
      ['maxResults', '100'],
      ...chunk.map((id) => ['accountId', id] as [string, string]),
    ]);
    // `route` encodes a URLSearchParams value itself (the only way to repeat `accountId`).
    const body = obj(await call('users', route`/rest/api/3/user/bulk?${query}`));
    for (const v of arr(body.values)) {
      const u = obj(v);
      if (typeof u.accountId === 'string' && typeof u.displayName === 'string')
        out.set(u.accountId, u.displayName);
    }
  }
  return out;
}

/** One user, or null when unknown (or not visible to the caller). */
export async function getUser(
  accountId: string,
): Promise<{ accountId: string; displayName: string; accountType: string; active: boolean } | null> {
  try {
    const u = obj(await call('user', route`/rest/api/3/user?accountId=${accountId}`));
    if (typeof u.accountId !== 'string') return null;
    return {
      accountId: u.accountId,
      displayName: typeof u.displayName === 'string' ? u.displayName : u.accountId,
      accountType: typeof u.accountType === 'string' ? u.accountType : 'atlassian',
      active: u.active !== false,
    };
  } catch (error) {
    if (error instanceof ProductApiError && error.status === 404) return null;
    throw error;
  }
}

export async function assetsWorkspaceId(): Promise<string | null> {
  const body = obj(await call('assets workspace', route`/rest/servicedeskapi/assets/workspace`));
  const id = obj(arr(body.values)[0]).workspaceId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Assets objects by id, with attributes (`object/aql`, ids quoted by @suite/aql, 100 per call). */
export async function assetObjects(workspaceId: string, objectIds: readonly string[]): Promise<unknown[]> {
  const pages: unknown[] = [];
  for (let i = 0; i < objectIds.length; i += 100) {
    const ids = objectIds.slice(i, i + 100).map((id) => aqlId(id));
    const qlQuery = String(aql`objectId IN ${ids}`);
    pages.push(
      await call(
        'assets objects',
        route`/jsm/assets/workspace/${workspaceId}/v1/object/aql?startAt=0&maxResults=100&includeAttributes=true`,
        'POST',
        { qlQuery },
      ),
    );
  }
  return pages;
}
