import {
  createRouter,
  type Directory,
  type DirectoryUser,
  jiraError,
  type Route,
  type SiteLike,
} from '../../src/site/types';

/**
 * A deliberately tiny site for runtime tests: two users, one issue, three routes with real scopes. The full
 * emulation (src/site) has its own tests; these keep the runtime's tests about the runtime.
 */
/** Tests add account ids here to make them site admins of every fake site. */
export const siteAdmins = new Set<string>();

export function fakeSite(cloudId = 'cloud-a'): SiteLike & { assignee: string | null } {
  const users: DirectoryUser[] = [
    {
      accountId: 'u-agent',
      displayName: 'Ada Agent',
      accountType: 'atlassian',
      active: true,
      emailAddress: null,
      groupIds: [],
    },
    {
      accountId: 'u-cust',
      displayName: 'Cy Customer',
      accountType: 'customer',
      active: true,
      emailAddress: null,
      groupIds: [],
    },
  ];
  const directory: Directory = {
    user: (id) => users.find((u) => u.accountId === id),
    users: () => users,
    isAgent: (id) => id === 'u-agent',
    isSiteAdmin: (id) => siteAdmins.has(id),
  };
  const state = { assignee: null as string | null };
  const routes: Route<typeof state>[] = [
    {
      method: 'GET',
      pattern: '/rest/api/3/myself',
      scopes: [['read:jira-user']],
      handle: (req) =>
        req.principal.kind === 'user'
          ? {
              status: 200,
              body: {
                accountId: req.principal.accountId,
                displayName: directory.user(req.principal.accountId)?.displayName,
                cloud: cloudId,
              },
            }
          : jiraError(401, 'Not a user'),
    },
    {
      method: 'GET',
      pattern: '/rest/api/3/issue/:key',
      scopes: [['read:jira-work']],
      handle: (req, params) => {
        if (params.key !== 'FS-1')
          return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
        if (req.principal.kind === 'user' && req.principal.accountId !== 'u-agent') {
          return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
        }
        return {
          status: 200,
          body: { id: '10001', key: 'FS-1', fields: { summary: `Boiler on ${cloudId}` } },
        };
      },
    },
    {
      method: 'PUT',
      pattern: '/rest/api/3/issue/:key/assignee',
      scopes: [['write:jira-work'], ['write:issue:jira']],
      handle: (req) => {
        state.assignee = (req.body as { accountId: string }).accountId;
        return { status: 204 };
      },
    },
  ];
  const router = createRouter(routes);
  return {
    cloudId,
    siteUrl: `https://${cloudId}.atlassian.net`,
    directory,
    get assignee() {
      return state.assignee;
    },
    resolve(method, path) {
      const found = router.match(method, path);
      if (found)
        return { scopes: found.route.scopes, handle: (req) => found.route.handle(req, found.params, state) };
      return router.hasPath(path) ? 'method-not-allowed' : undefined;
    },
  };
}
