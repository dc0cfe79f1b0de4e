/**
 * Every product API call TechDesk makes. All of them run **as the invoking user** (`asUser()`), so Jira, JSM and
 * Assets apply that user's own permissions: an agent never sees through the app what they could not see in Jira.
 * Paths are relative to the site (no `/ex/jira` prefix). Scopes per call are listed in the README.
 */
import { asUser, type Route, route } from '@forge/api';

/** A product call that did not succeed. The message never contains the response body. */
export class ProductApiError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${what} answered HTTP ${status}`);
    this.name = 'ProductApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

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
  if (response.status < 200 || response.status >= 300) {
    const retry = Number(response.headers.get('Retry-After'));
    throw new ProductApiError(response.status, what, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProductApiError(502, `${what} (body is not JSON)`);
  }
}

/** Like {@link call} but a 404 (missing, or hidden from this user) is `null`. */
async function callOrNull(what: string, path: Route): Promise<unknown> {
  try {
    return await call(what, path);
  } catch (error) {
    if (error instanceof ProductApiError && error.status === 404) return null;
    throw error;
  }
}

// ------------------------------------------------------------------ Jira platform

export function getIssue(key: string, fields: readonly string[], expand: readonly string[] = []) {
  const f = fields.join(',');
  return expand.length > 0
    ? call('issue', route`/rest/api/3/issue/${key}?fields=${f}&expand=${expand.join(',')}`)
    : call('issue', route`/rest/api/3/issue/${key}?fields=${f}`);
}

export function setIssueFields(key: string, fields: Record<string, unknown>) {
  return call('issue edit', route`/rest/api/3/issue/${key}`, 'PUT', { fields });
}

export function getTransitions(key: string) {
  return call('transitions', route`/rest/api/3/issue/${key}/transitions`);
}

export function doTransition(key: string, transitionId: string) {
  return call('transition', route`/rest/api/3/issue/${key}/transitions`, 'POST', {
    transition: { id: transitionId },
  });
}

export function assignIssue(key: string, accountId: string | null) {
  return call('assign', route`/rest/api/3/issue/${key}/assignee`, 'PUT', { accountId });
}

export function assignableUsers(
  key: string,
  query: { query: string } | { accountId: string },
  maxResults = 20,
) {
  return 'accountId' in query
    ? call(
        'assignable users',
        route`/rest/api/3/user/assignable/search?issueKey=${key}&accountId=${query.accountId}&maxResults=${String(maxResults)}`,
      )
    : call(
        'assignable users',
        route`/rest/api/3/user/assignable/search?issueKey=${key}&query=${query.query}&maxResults=${String(maxResults)}`,
      );
}

export function getWorklogs(key: string) {
  return call('worklogs', route`/rest/api/3/issue/${key}/worklog?maxResults=1000`);
}

export interface WorklogBody {
  readonly started?: string;
  readonly timeSpentSeconds: number;
  readonly comment?: unknown;
}

export function addWorklog(key: string, body: WorklogBody) {
  return call('add worklog', route`/rest/api/3/issue/${key}/worklog`, 'POST', body);
}

export function updateWorklog(key: string, id: string, body: WorklogBody) {
  return call('update worklog', route`/rest/api/3/issue/${key}/worklog/${id}`, 'PUT', body);
}

export function deleteWorklog(key: string, id: string) {
  return call('delete worklog', route`/rest/api/3/issue/${key}/worklog/${id}`, 'DELETE');
}

/** The user's permissions on one issue, asked as the user. */
export async function issuePermissions(
  key: string,
  keys: readonly string[],
): Promise<Record<string, boolean>> {
  const body = (await call(
    'mypermissions',
    route`/rest/api/3/mypermissions?issueKey=${key}&permissions=${keys.join(',')}`,
  )) as {
    permissions?: Record<string, { havePermission?: unknown }>;
  };
  return Object.fromEntries(keys.map((k) => [k, body?.permissions?.[k]?.havePermission === true]));
}

export function myself() {
  return call('myself', route`/rest/api/3/myself`);
}

export function configuration() {
  return call('configuration', route`/rest/api/3/configuration`);
}

export function fields() {
  return call('fields', route`/rest/api/3/field`);
}

export function statuses() {
  return call('statuses', route`/rest/api/3/status`);
}

export function getProject(key: string) {
  return callOrNull('project', route`/rest/api/3/project/${key}`);
}

/** Every project the user can see (paged 50 at a time, at most 1,000). */
export async function projects(): Promise<{ key: string; name: string; projectTypeKey: string }[]> {
  const out: { key: string; name: string; projectTypeKey: string }[] = [];
  for (let startAt = 0; startAt < 1_000; startAt += 50) {
    const page = (await call(
      'projects',
      route`/rest/api/3/project/search?startAt=${String(startAt)}&maxResults=50`,
    )) as { values?: unknown[]; isLast?: unknown };
    for (const p of page?.values ?? []) {
      const project = p as { key?: unknown; name?: unknown; projectTypeKey?: unknown };
      if (typeof project.key === 'string') {
        out.push({
          key: project.key,
          name: typeof project.name === 'string' ? project.name : project.key,
          projectTypeKey: typeof project.projectTypeKey === 'string' ? project.projectTypeKey : '',
        });
      }
    }
    if (page?.isLast !== false) break;
  }
  return out;
}

// ------------------------------------------------------------------ Jira Service Management

/** The customer request (with SLA and request type), or null when the issue is not a request (or hidden). */
export function getRequest(key: string) {
  return callOrNull('request', route`/rest/servicedeskapi/request/${key}?expand=sla,requestType`);
}

/** JSM request comment: `public: false` is an internal note (agents only); the body is wiki-markup text. */
export function addRequestComment(key: string, body: string, isPublic: boolean) {
  return call('request comment', route`/rest/servicedeskapi/request/${key}/comment`, 'POST', {
    body,
    public: isPublic,
  });
}

export async function fetchWorkspaceId(): Promise<string | null> {
  const body = (await call('assets workspace', route`/rest/servicedeskapi/assets/workspace`)) as {
    values?: { workspaceId?: unknown }[];
  };
  const id = body?.values?.[0]?.workspaceId;
  return typeof id === 'string' && id !== '' ? id : null;
}

// ------------------------------------------------------------------ Assets

/** `POST /object/aql` (paging and attributes are query parameters; only the AQL is in the body). */
export function searchObjects(workspaceId: string, qlQuery: string, maxResults: number) {
  return call(
    'assets search',
    route`/jsm/assets/workspace/${workspaceId}/v1/object/aql?startAt=0&maxResults=${String(maxResults)}&includeAttributes=true`,
    'POST',
    { qlQuery },
  );
}

export function getObject(workspaceId: string, objectId: string) {
  return callOrNull('assets object', route`/jsm/assets/workspace/${workspaceId}/v1/object/${objectId}`);
}
