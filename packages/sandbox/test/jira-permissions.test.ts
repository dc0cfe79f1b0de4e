import { describe, expect, it } from 'vitest';
import { seedJira } from '../src/seed/jira';
import { createRng } from '../src/seed/rng';
import { directCaller } from '../src/site/jira/call';
import {
  directoryOf,
  hasGlobalPermission,
  hasProjectPermission,
  type JiraUser,
} from '../src/site/jira/model';
import { jiraRoutes } from '../src/site/jira/routes';
import type { Principal } from '../src/site/types';

const NOW = new Date('2026-03-02T12:00:00.000Z');

function setup() {
  const { state, technicians } = seedJira(createRng(7), { tickets: 60, technicians: 8, now: () => NOW });
  const call = directCaller(jiraRoutes, state);
  const byRole = (role: JiraUser['sandboxRoles'][number]) =>
    [...state.users.values()].filter((u) => u.sandboxRoles.includes(role));
  const first = (role: JiraUser['sandboxRoles'][number]): Principal => {
    const user = byRole(role)[0];
    if (!user) throw new Error(`no ${role}`);
    return { kind: 'user', accountId: user.accountId };
  };
  const itAgent = byRole('agent').find((u) => u.displayName === 'Jordan Lee');
  const fsOnlyAgent = byRole('agent').find((u) => u.displayName === 'Tom Becker');
  if (!itAgent || !fsOnlyAgent) throw new Error('seeded agents missing');
  return {
    state,
    technicians,
    call,
    admin: first('site-admin'),
    projectAdmin: first('project-admin'),
    agent: { kind: 'user', accountId: itAgent.accountId } as Principal,
    fsOnlyAgent: { kind: 'user', accountId: fsOnlyAgent.accountId } as Principal,
    dispatcher: first('dispatcher'),
    technician: first('technician'),
    customer: first('customer'),
    app: { kind: 'app', appKey: 'ari:cloud:ecosystem::app/dispatchdesk' } as Principal,
    anonymous: { kind: 'anonymous' } as Principal,
  };
}

const KEYS =
  'ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS,ASSIGN_ISSUES,ASSIGNABLE_USER,SERVICEDESK_AGENT,WORK_ON_ISSUES';

function held(res: { status: number; body?: unknown }): Record<string, boolean> {
  expect(res.status).toBe(200);
  const permissions = (res.body as { permissions: Record<string, { havePermission: boolean }> }).permissions;
  return Object.fromEntries(Object.entries(permissions).map(([k, v]) => [k, v.havePermission]));
}

describe('GET /rest/api/3/mypermissions', () => {
  const s = setup();
  const ask = (p: Principal, ctx = '&projectKey=FS') =>
    held(s.call(p, 'GET', `/rest/api/3/mypermissions?permissions=${KEYS}${ctx}`));

  it('returns the exact Jira shape for each permission', () => {
    const res = s.call(s.admin, 'GET', '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS');
    expect(res.body).toEqual({
      permissions: {
        ADMINISTER: {
          id: '0',
          key: 'ADMINISTER',
          name: 'Administer Jira',
          type: 'GLOBAL',
          description: expect.any(String),
          havePermission: true,
        },
        BROWSE_PROJECTS: {
          id: '10',
          key: 'BROWSE_PROJECTS',
          name: 'Browse Projects',
          type: 'PROJECT',
          description: expect.any(String),
          havePermission: true,
        },
      },
    });
  });

  it('site admin: global ADMINISTER plus everything in FS through the Administrators role', () => {
    expect(ask(s.admin)).toEqual({
      ADMINISTER: true,
      ADMINISTER_PROJECTS: true,
      BROWSE_PROJECTS: true,
      ASSIGN_ISSUES: true,
      ASSIGNABLE_USER: true,
      SERVICEDESK_AGENT: true,
      WORK_ON_ISSUES: true,
    });
  });

  it('project admin: administers FS but not Jira, and cannot see IT', () => {
    expect(ask(s.projectAdmin)).toMatchObject({
      ADMINISTER: false,
      ADMINISTER_PROJECTS: true,
      BROWSE_PROJECTS: true,
    });
    expect(
      s.call(s.projectAdmin, 'GET', '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=IT')
        .status,
    ).toBe(404);
  });

  it('agent: works on issues without administering', () => {
    expect(ask(s.agent)).toEqual({
      ADMINISTER: false,
      ADMINISTER_PROJECTS: false,
      BROWSE_PROJECTS: true,
      ASSIGN_ISSUES: true,
      ASSIGNABLE_USER: true,
      SERVICEDESK_AGENT: true,
      WORK_ON_ISSUES: true,
    });
    expect(ask(s.agent, '&projectKey=IT').BROWSE_PROJECTS).toBe(true);
  });

  it('technician: agent in FS, 404 for the IT project it cannot browse', () => {
    expect(ask(s.technician)).toMatchObject({
      ADMINISTER: false,
      BROWSE_PROJECTS: true,
      WORK_ON_ISSUES: true,
    });
    const res = s.call(s.technician, 'GET', `/rest/api/3/mypermissions?permissions=${KEYS}&projectKey=IT`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errorMessages: ["No project could be found with key 'IT'."], errors: {} });
  });

  it('customer: no project permissions in the agent API (the project is invisible)', () => {
    expect(
      s.call(s.customer, 'GET', `/rest/api/3/mypermissions?permissions=${KEYS}&projectKey=FS`).status,
    ).toBe(404);
    expect(ask(s.customer, '')).toEqual({
      ADMINISTER: false,
      ADMINISTER_PROJECTS: false,
      BROWSE_PROJECTS: false,
      ASSIGN_ISSUES: false,
      ASSIGNABLE_USER: false,
      SERVICEDESK_AGENT: false,
      WORK_ON_ISSUES: false,
    });
  });

  it('app: every project permission everywhere, never ADMINISTER', () => {
    const fsAnswer = ask(s.app);
    expect(fsAnswer.ADMINISTER).toBe(false);
    expect(
      Object.entries(fsAnswer)
        .filter(([k]) => k !== 'ADMINISTER')
        .every(([, v]) => v),
    ).toBe(true);
    expect(ask(s.app, '&projectKey=IT').BROWSE_PROJECTS).toBe(true);
  });

  it('anonymous: nothing, and projects are invisible', () => {
    expect(Object.values(ask(s.anonymous, '')).every((v) => v === false)).toBe(true);
    expect(
      s.call(s.anonymous, 'GET', '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=FS')
        .status,
    ).toBe(404);
  });

  it('without a context, a project permission counts if held in any project', () => {
    expect(ask(s.technician, '').BROWSE_PROJECTS).toBe(true);
  });

  it('issue context: 404 for an issue the caller cannot browse', () => {
    const itIssue = [...s.state.issues.values()].find((i) => i.key.startsWith('IT-'));
    expect(itIssue).toBeDefined();
    const url = `/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueKey=${itIssue?.key}`;
    expect(s.call(s.technician, 'GET', url).status).toBe(404);
    expect(held(s.call(s.agent, 'GET', url)).BROWSE_PROJECTS).toBe(true);
  });

  it('requires the permissions parameter and rejects unknown keys', () => {
    expect(s.call(s.admin, 'GET', '/rest/api/3/mypermissions').status).toBe(400);
    expect(s.call(s.admin, 'GET', '/rest/api/3/mypermissions?permissions=MAKE_COFFEE').status).toBe(400);
  });
});

describe('permission helpers and the directory', () => {
  const s = setup();
  it('hasGlobalPermission / hasProjectPermission agree with the roles', () => {
    expect(hasGlobalPermission(s.state, s.admin, 'ADMINISTER')).toBe(true);
    expect(hasGlobalPermission(s.state, s.app, 'ADMINISTER')).toBe(false);
    expect(hasGlobalPermission(s.state, s.agent, 'USER_PICKER')).toBe(true);
    expect(hasGlobalPermission(s.state, s.customer, 'USER_PICKER')).toBe(false);
    expect(hasProjectPermission(s.state, s.fsOnlyAgent, 'IT', 'BROWSE_PROJECTS')).toBe(false);
    expect(hasProjectPermission(s.state, s.fsOnlyAgent, '10000', 'BROWSE_PROJECTS')).toBe(true);
    expect(hasProjectPermission(s.state, s.anonymous, 'FS', 'BROWSE_PROJECTS')).toBe(false);
    expect(hasProjectPermission(s.state, s.app, 'IT', 'DELETE_ISSUES')).toBe(true);
    expect(hasProjectPermission(s.state, s.customer, 'FS', 'BROWSE_PROJECTS')).toBe(false);
  });

  it('directoryOf reports agents and site admins', () => {
    const dir = directoryOf(s.state);
    const id = (p: Principal) => (p.kind === 'user' ? p.accountId : '');
    expect(dir.isSiteAdmin(id(s.admin))).toBe(true);
    expect(dir.isSiteAdmin(id(s.projectAdmin))).toBe(false);
    expect(dir.isAgent(id(s.technician))).toBe(true);
    expect(dir.isAgent(id(s.dispatcher))).toBe(true);
    expect(dir.isAgent(id(s.customer))).toBe(false);
    expect(dir.user(id(s.customer))?.accountType).toBe('customer');
    expect(dir.users().length).toBe(s.state.users.size);
  });
});

describe('POST /rest/api/3/permissions/check', () => {
  const s = setup();
  const it1 = () => [...s.state.issues.values()].find((i) => i.key.startsWith('IT-'));
  const fs1 = () => [...s.state.issues.values()].find((i) => i.key.startsWith('FS-'));

  it('answers global and project permissions for the caller', () => {
    const res = s.call(s.fsOnlyAgent, 'POST', '/rest/api/3/permissions/check', {
      globalPermissions: ['ADMINISTER', 'USER_PICKER'],
      projectPermissions: [
        {
          permissions: ['BROWSE_PROJECTS'],
          projects: [10000, 10001],
          issues: [Number(fs1()?.id), Number(it1()?.id)],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      globalPermissions: ['USER_PICKER'],
      projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [10000], issues: [Number(fs1()?.id)] }],
    });
  });

  it('lets an app check another user, but not a plain user', () => {
    const tech = s.technicians[0]?.accountId ?? '';
    const body = {
      accountId: tech,
      projectPermissions: [{ permissions: ['WORK_ON_ISSUES'], projects: [10000, 10001] }],
    };
    const asApp = s.call(s.app, 'POST', '/rest/api/3/permissions/check', body);
    expect(asApp.status).toBe(200);
    expect(asApp.body).toMatchObject({
      projectPermissions: [{ permission: 'WORK_ON_ISSUES', projects: [10000] }],
    });
    expect(s.call(s.agent, 'POST', '/rest/api/3/permissions/check', body).status).toBe(403);
    expect(s.call(s.admin, 'POST', '/rest/api/3/permissions/check', body).status).toBe(200);
  });
});

describe('issue visibility', () => {
  const s = setup();
  it('GET issue is 404 (same message) for a missing issue and for one the caller cannot browse', () => {
    const itIssue = [...s.state.issues.values()].find((i) => i.key.startsWith('IT-'));
    const hidden = s.call(s.technician, 'GET', `/rest/api/3/issue/${itIssue?.key}`);
    const missing = s.call(s.technician, 'GET', '/rest/api/3/issue/FS-99999');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect(s.call(s.agent, 'GET', `/rest/api/3/issue/${itIssue?.key}`).status).toBe(200);
    expect(s.call(s.customer, 'GET', '/rest/api/3/issue/FS-1').status).toBe(404);
    expect(s.call(s.anonymous, 'GET', '/rest/api/3/issue/FS-1').status).toBe(404);
  });

  it('project search lists only browsable projects', () => {
    const keys = (p: Principal) =>
      (
        (s.call(p, 'GET', '/rest/api/3/project/search').body as { values: { key: string }[] }).values ?? []
      ).map((v) => v.key);
    expect(keys(s.agent)).toEqual(['FS', 'IT']);
    expect(keys(s.technician)).toEqual(['FS']);
    expect(keys(s.customer)).toEqual([]);
    expect(s.call(s.technician, 'GET', '/rest/api/3/project/IT').status).toBe(404);
  });

  it('myself answers with groups and application roles, 401 when anonymous', () => {
    const res = s.call(s.admin, 'GET', '/rest/api/3/myself?expand=groups,applicationRoles');
    expect(res.status).toBe(200);
    const body = res.body as { groups: { size: number; items: { name: string; groupId: string }[] } };
    expect(body.groups.items.map((g) => g.name)).toContain('site-admins');
    expect(body.groups.size).toBe(body.groups.items.length);
    const plain = s.call(s.admin, 'GET', '/rest/api/3/myself').body as { groups: { items: unknown[] } };
    expect(plain.groups.items).toEqual([]);
    expect(s.call(s.anonymous, 'GET', '/rest/api/3/myself').status).toBe(401);
  });

  it('user groups need Browse users and groups', () => {
    const tech = s.technicians[0]?.accountId ?? '';
    const res = s.call(s.dispatcher, 'GET', `/rest/api/3/user/groups?accountId=${tech}`);
    expect(res.status).toBe(200);
    expect((res.body as { name: string }[]).map((g) => g.name)).toContain('field-technicians');
    expect(s.call(s.customer, 'GET', `/rest/api/3/user/groups?accountId=${tech}`).status).toBe(403);
  });
});

describe('group members', () => {
  it('pages a group’s active members for someone who may browse users, and refuses customers', async () => {
    const { seedJira } = await import('../src/seed/jira');
    const { createRng } = await import('../src/seed/rng');
    const { directCaller } = await import('../src/site/jira/call');
    const { jiraRoutes } = await import('../src/site/jira/routes');
    const state = seedJira(createRng(4), {
      tickets: 20,
      technicians: 12,
      now: () => new Date('2026-03-02T12:00:00Z'),
    }).state;
    const call = directCaller(jiraRoutes, state);
    const group = [...state.groups.values()].find((g) => g.name === 'field-technicians');
    const agent = [...state.users.values()].find((u) => u.sandboxRoles.includes('agent'));
    const customer = [...state.users.values()].find((u) => u.sandboxRoles.includes('customer'));
    const who = (id: string | undefined) => ({ kind: 'user' as const, accountId: id ?? '' });
    const first = call(
      who(agent?.accountId),
      'GET',
      `/rest/api/3/group/member?groupId=${group?.groupId}&maxResults=5`,
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ startAt: 0, maxResults: 5, total: 12, isLast: false });
    expect((first.body as { values: unknown[] }).values).toHaveLength(5);
    const last = call(
      who(agent?.accountId),
      'GET',
      `/rest/api/3/group/member?groupId=${group?.groupId}&startAt=10`,
    );
    expect(last.body).toMatchObject({ isLast: true });
    expect(
      call(who(customer?.accountId), 'GET', `/rest/api/3/group/member?groupId=${group?.groupId}`).status,
    ).toBe(403);
    expect(call(who(agent?.accountId), 'GET', '/rest/api/3/group/member?groupId=nope').status).toBe(404);
  });
});
