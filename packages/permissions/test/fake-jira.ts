import type { Route } from '@forge/api';
import type { RequestJira } from '../src/jira';

/** A person as Jira knows them: global permissions, per-project permissions, groups. */
export interface FakeUser {
  readonly accountId: string;
  readonly global?: readonly string[];
  readonly projects?: Readonly<Record<string, readonly string[]>>;
  readonly groupIds?: readonly string[];
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'throw' }
  | { kind: 'not-json' }
  | { kind: 'wrong-shape' }
  | { kind: 'omit-permission'; permission: string }
  | { kind: 'other-account' };

/**
 * Answers `mypermissions` and `myself?expand=groups` the way Jira does, computed from the user's grants, and
 * records each call. Issue keys resolve to their project (`HD-1` → `HD`); unknown projects answer 404 as Jira
 * does when the caller cannot browse them.
 */
export function fakeJira(user: FakeUser, fault?: Fault) {
  const calls: string[] = [];
  const requestJira: RequestJira = async (path: Route) => {
    calls.push(path.value);
    if (fault?.kind === 'throw') throw new TypeError('fetch failed');
    if (fault?.kind === 'status') {
      return new Response(JSON.stringify({ errorMessages: ['nope'] }), {
        status: fault.status,
        headers: fault.headers ?? {},
      });
    }
    if (fault?.kind === 'not-json') return new Response('<html>oops</html>', { status: 200 });
    if (fault?.kind === 'wrong-shape')
      return new Response(JSON.stringify({ permissions: 'yes' }), { status: 200 });

    const url = new URL(path.value, 'https://site.example');
    if (url.pathname === '/rest/api/3/myself') {
      const accountId = fault?.kind === 'other-account' ? 'someone-else' : user.accountId;
      const items = (user.groupIds ?? []).map((groupId) => ({ groupId, name: `group ${groupId}` }));
      return Response.json({ accountId, groups: { size: items.length, items } });
    }
    if (url.pathname !== '/rest/api/3/mypermissions') return new Response('not found', { status: 404 });

    const wanted = (url.searchParams.get('permissions') ?? '').split(',').filter(Boolean);
    if (wanted.length === 0)
      return Response.json({ errorMessages: ['permissions required'] }, { status: 400 });
    const projectKey = url.searchParams.get('projectKey') ?? url.searchParams.get('issueKey')?.split('-')[0];
    if (projectKey && !(user.projects?.[projectKey] ?? []).includes('BROWSE_PROJECTS')) {
      return Response.json({ errorMessages: ['No project could be found'] }, { status: 404 });
    }
    const projectGrants = projectKey
      ? (user.projects?.[projectKey] ?? [])
      : Object.values(user.projects ?? {}).flat();
    const permissions: Record<string, { key: string; havePermission: boolean }> = {};
    for (const key of wanted) {
      if (fault?.kind === 'omit-permission' && fault.permission === key) continue;
      const isGlobal = key === 'ADMINISTER' || key === 'SYSTEM_ADMIN' || key === 'USER_PICKER';
      const have = isGlobal ? (user.global ?? []).includes(key) : projectGrants.includes(key);
      permissions[key] = { key, havePermission: have };
    }
    return Response.json({ permissions });
  };
  return { requestJira, calls };
}
