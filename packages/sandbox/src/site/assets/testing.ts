/**
 * Helpers for exercising the Assets emulation without HTTP or the Jira emulation: a small in-memory `Directory`
 * and a function that dispatches a request through the route table like the site server does (scope check included).
 */
import {
  createRouter,
  type Directory,
  type DirectoryUser,
  type Principal,
  type SiteResponse,
} from '../types';
import type { AssetsState } from './model';
import { assetsRoutes } from './routes';

export interface FakePerson {
  readonly accountId: string;
  readonly displayName: string;
  readonly role: 'agent' | 'admin' | 'customer' | 'user';
  readonly emailAddress?: string | null;
}

export function fakeDirectory(people: readonly FakePerson[]): Directory {
  const users: DirectoryUser[] = people.map((p) => ({
    accountId: p.accountId,
    displayName: p.displayName,
    accountType: p.role === 'customer' ? 'customer' : 'atlassian',
    active: true,
    emailAddress: p.emailAddress ?? null,
    groupIds: [],
  }));
  const roleOf = new Map(people.map((p) => [p.accountId, p.role]));
  return {
    user: (id) => users.find((u) => u.accountId === id),
    users: () => users,
    isAgent: (id) => roleOf.get(id) === 'agent' || roleOf.get(id) === 'admin',
    isSiteAdmin: (id) => roleOf.get(id) === 'admin',
  };
}

export interface AssetsCall {
  readonly principal?: Principal;
  readonly query?: Record<string, string | number | boolean>;
  readonly body?: unknown;
  /** Scopes the calling app holds (checked for `app` principals); all Assets scopes when omitted. */
  readonly scopes?: readonly string[];
}

const router = createRouter(assetsRoutes);

/**
 * Calls `METHOD path` (path relative to `/jsm/assets/workspace/{workspaceId}/v1/`, or absolute when it starts
 * with `/`). Apps lacking the route's scopes get 401, as Forge gives for unapproved/missing scopes.
 */
export function callAssets(
  state: AssetsState,
  method: string,
  path: string,
  call: AssetsCall = {},
): SiteResponse {
  const full = path.startsWith('/') ? path : `/jsm/assets/workspace/${state.workspaceId}/v1/${path}`;
  const [pathname = '', search = ''] = full.split('?');
  const query = new URLSearchParams(search);
  for (const [k, v] of Object.entries(call.query ?? {})) query.set(k, String(v));
  const principal: Principal = call.principal ?? { kind: 'app', appKey: 'test-app' };
  const match = router.match(method, pathname);
  if (!match) {
    return router.hasPath(pathname)
      ? { status: 405, body: { errorMessages: ['Method not allowed'], errors: {} } }
      : { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  }
  if (principal.kind === 'app' && call.scopes) {
    const held = new Set(call.scopes);
    if (!match.route.scopes.some((alternative) => alternative.every((s) => held.has(s)))) {
      return { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };
    }
  }
  return match.route.handle(
    { method, path: pathname, query, headers: {}, body: call.body, principal },
    match.params,
    state,
  );
}
