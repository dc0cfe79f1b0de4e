/**
 * Delegation lists (`app-admin`, `agent`): empty = everyone who passes tier 2 (bootstrap); non-empty = only those
 * on it; the app-admin list never widens Jira's ADMINISTER. Saves that would lock the acting admin out are refused,
 * and a Jira site admin can reset the app-admin list (break glass).
 */
import { describe, expect, it } from 'vitest';
import {
  appAdminPolicy,
  authorise,
  changeRoleGrants,
  createAuditLog,
  definePolicy,
  LOCKOUT_MESSAGE,
  type Policy,
  readVersionedRoleGrants,
  replaceRoleGrants,
  resetAppAdminGrants,
  roleActor,
  siteAdminResetPolicy,
} from '../src/index';
import { createMemoryStore } from '../src/testing/index';
import { type FakeUser, fakeJira } from './fake-jira';

const ADMIN_PAGE = 'admin-page';
const PANEL = 'issue-panel';

const people = {
  admin: { accountId: 'admin-1', global: ['ADMINISTER'] },
  groupAdmin: { accountId: 'admin-2', global: ['ADMINISTER'], groupIds: ['g-admins'] },
  siteAdmin: { accountId: 'site-1', global: ['ADMINISTER', 'SYSTEM_ADMIN'] },
  plain: { accountId: 'user-1', projects: { HD: ['BROWSE_PROJECTS'] }, groupIds: ['g-admins'] },
  agent: { accountId: 'agent-1', projects: { HD: ['BROWSE_PROJECTS'] }, groupIds: ['g-agents'] },
} satisfies Record<string, FakeUser>;

const adminPolicy = appAdminPolicy<unknown>(ADMIN_PAGE);
const agentPolicy = definePolicy<{ issueKey: string }>({
  modules: [PANEL],
  licence: 'required',
  jira: (i) => ({ scope: 'issue', issueKey: i.issueKey, permissions: ['BROWSE_PROJECTS'] }),
  appRoles: ['agent'],
});

type Store = ReturnType<typeof createMemoryStore>;

async function decide(store: Store, user: FakeUser, policy: Policy<unknown>, moduleKey: string) {
  const { requestJira } = fakeJira(user);
  return authorise(
    policy,
    { accountId: user.accountId, accountType: 'licensed', environmentType: 'DEVELOPMENT', moduleKey },
    { issueKey: 'HD-1' },
    { requestJira, store },
  );
}

const admin = (store: Store, user: FakeUser) => decide(store, user, adminPolicy, ADMIN_PAGE);
const panel = (store: Store, user: FakeUser) => decide(store, user, agentPolicy as Policy<unknown>, PANEL);

describe('app-admin delegation list', () => {
  it('bootstrap: with an empty list every Jira administrator is an app admin', async () => {
    const store = createMemoryStore();
    expect(await admin(store, people.admin)).toMatchObject({ allowed: true, roles: ['app-admin'] });
    expect(await admin(store, people.siteAdmin)).toMatchObject({ allowed: true });
  });

  it('a non-empty list narrows: a Jira admin not on it is denied at tier 3', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: ['site-1'], groupIds: [] } });
    expect(await admin(store, people.admin)).toMatchObject({
      allowed: false,
      tier: 'app-role',
      code: 'APP_ROLE_MISSING',
    });
    expect(await admin(store, people.siteAdmin)).toMatchObject({ allowed: true });
  });

  it('a Jira admin on the list through a group is an app admin', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: [], groupIds: ['g-admins'] } });
    expect(await admin(store, people.groupAdmin)).toMatchObject({ allowed: true });
    expect(await admin(store, people.admin)).toMatchObject({ allowed: false, code: 'APP_ROLE_MISSING' });
  });

  it('never widens: someone on the list without Jira ADMINISTER is denied at tier 2', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: ['user-1'], groupIds: [] } });
    expect(await admin(store, people.plain)).toMatchObject({
      allowed: false,
      tier: 'jira',
      code: 'JIRA_PERMISSION_MISSING',
    });
    // Also where app-admin is one of several roles and tier 2 does not ask ADMINISTER.
    const either = definePolicy<unknown>({ modules: [PANEL], licence: 'required', appRoles: ['app-admin'] });
    expect(await decide(store, people.plain, either, PANEL)).toMatchObject({
      allowed: false,
      code: 'APP_ROLE_MISSING',
    });
  });

  it('a corrupt list opens nothing (fails closed, unlike an empty one)', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: 'admin-1' } });
    expect(await admin(store, people.admin)).toMatchObject({ allowed: false, code: 'APP_ROLE_MISSING' });
  });

  it('clearing the list takes effect on the next call (nothing cached)', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await changeRoleGrants(store, audit, 'app-admin', { grant: { accountIds: ['site-1'] } }, 'site-1');
    expect(await admin(store, people.admin)).toMatchObject({ allowed: false });
    await changeRoleGrants(store, audit, 'app-admin', { grant: { accountIds: ['admin-1'] } }, 'site-1');
    expect(await admin(store, people.admin)).toMatchObject({ allowed: true });
    await changeRoleGrants(store, audit, 'app-admin', { revoke: { accountIds: ['admin-1'] } }, 'site-1');
    expect(await admin(store, people.admin)).toMatchObject({ allowed: false });
  });
});

describe('agent delegation list', () => {
  it('empty: everyone Jira lets work the ticket; non-empty: only those on it', async () => {
    const store = createMemoryStore();
    expect(await panel(store, people.agent)).toMatchObject({ allowed: true, roles: ['agent'] });
    expect(await panel(store, people.plain)).toMatchObject({ allowed: true });
    await changeRoleGrants(store, createAuditLog(store), 'agent', { grant: { groupIds: ['g-agents'] } }, 'a');
    expect(await panel(store, people.agent)).toMatchObject({ allowed: true });
    expect(await panel(store, people.plain)).toMatchObject({ allowed: false, code: 'APP_ROLE_MISSING' });
  });

  it('a corrupt agent list opens nothing', async () => {
    const store = createMemoryStore({ 'roles:agent': { groupIds: 'g-agents' } });
    expect(await panel(store, people.agent)).toMatchObject({ allowed: false, code: 'APP_ROLE_MISSING' });
  });

  it('the list never widens Jira: on the list but unable to browse the issue is denied at tier 2', async () => {
    const store = createMemoryStore({ 'roles:agent': { accountIds: ['admin-1'], groupIds: [] } });
    expect(await panel(store, people.admin)).toMatchObject({ allowed: false, tier: 'jira' });
  });

  it('a closed role (dispatcher) grants nothing while its list is empty', async () => {
    const store = createMemoryStore();
    const dispatch = definePolicy<unknown>({
      modules: [PANEL],
      licence: 'required',
      appRoles: ['dispatcher'],
    });
    expect(await decide(store, people.agent, dispatch, PANEL)).toMatchObject({
      allowed: false,
      code: 'APP_ROLE_MISSING',
    });
  });
});

describe('no lockout', () => {
  const lockedOut = (run: () => Promise<unknown>) =>
    expect(run()).rejects.toMatchObject({
      name: 'UserError',
      code: 'UNPROCESSABLE',
      message: LOCKOUT_MESSAGE,
    });

  it('refuses a grant that would leave a list without the acting admin, and writes nothing', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await lockedOut(() =>
      changeRoleGrants(store, audit, 'app-admin', { grant: { accountIds: ['someone'] } }, 'admin-1'),
    );
    expect(await readVersionedRoleGrants(store, 'app-admin')).toEqual({
      accountIds: [],
      groupIds: [],
      version: 0,
    });
    expect((await audit.list({ limit: 10 })).entries).toEqual([]);
  });

  it('refuses revoking yourself while others stay on the list; allows clearing it', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await changeRoleGrants(store, audit, 'app-admin', { grant: { accountIds: ['admin-1', 'x'] } }, 'admin-1');
    await lockedOut(() =>
      changeRoleGrants(store, audit, 'app-admin', { revoke: { accountIds: ['admin-1'] } }, 'admin-1'),
    );
    const cleared = await changeRoleGrants(
      store,
      audit,
      'app-admin',
      { revoke: { accountIds: ['admin-1', 'x'] } },
      'admin-1',
    );
    expect(cleared).toMatchObject({ accountIds: [], groupIds: [], changed: true });
  });

  it('counts the acting admin’s groups (read as the user) for the list', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    const actor = await roleActor('admin-2', fakeJira(people.groupAdmin).requestJira);
    await changeRoleGrants(store, audit, 'app-admin', { grant: { groupIds: ['g-admins'] } }, actor);
    // Without the groups known, the same list does not contain the actor.
    await lockedOut(() =>
      changeRoleGrants(store, audit, 'app-admin', { grant: { groupIds: ['g-other'] } }, 'admin-2'),
    );
  });

  it('whole-list replace is refused the same way, at the version it names', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await lockedOut(() =>
      replaceRoleGrants(store, audit, 'app-admin', { accountIds: ['x'], groupIds: [] }, 0, 'admin-1'),
    );
    const ok = await replaceRoleGrants(
      store,
      audit,
      'app-admin',
      { accountIds: ['x', 'admin-1'], groupIds: [] },
      0,
      'admin-1',
    );
    expect(ok).toMatchObject({ changed: true, version: 1 });
  });

  it('other roles may be given to anyone', async () => {
    const store = createMemoryStore();
    const saved = await changeRoleGrants(
      store,
      createAuditLog(store),
      'agent',
      { grant: { accountIds: ['x'] } },
      'admin-1',
    );
    expect(saved.accountIds).toEqual(['x']);
  });
});

describe('break glass', () => {
  const reset = siteAdminResetPolicy<unknown>(ADMIN_PAGE);

  it('only a Jira site admin (SYSTEM_ADMIN) passes the reset policy, list or no list', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: ['nobody'], groupIds: [] } });
    expect(await decide(store, people.siteAdmin, reset, ADMIN_PAGE)).toMatchObject({ allowed: true });
    expect(await decide(store, people.admin, reset, ADMIN_PAGE)).toMatchObject({
      allowed: false,
      tier: 'jira',
      code: 'JIRA_PERMISSION_MISSING',
    });
    expect(await decide(store, people.siteAdmin, reset, PANEL)).toMatchObject({
      allowed: false,
      code: 'MODULE_NOT_ALLOWED',
    });
  });

  it('reset empties the list (bootstrap again) and is audited with what it cleared', async () => {
    const store = createMemoryStore({ 'roles:app-admin': { accountIds: 'corrupt' } });
    const audit = createAuditLog(store);
    expect(await admin(store, people.admin)).toMatchObject({ allowed: false });
    const result = await resetAppAdminGrants(store, audit, 'site-1');
    expect(result).toMatchObject({ accountIds: [], groupIds: [], changed: true });
    expect(await admin(store, people.admin)).toMatchObject({ allowed: true });
    const resets = async () =>
      (await audit.list({ limit: 10 })).entries
        .map((e) => e.value as { action?: string })
        .filter((v) => v.action === 'roles.reset');
    expect(await resets()).toEqual([
      expect.objectContaining({
        actor: 'site-1',
        action: 'roles.reset',
        target: 'app-admin',
        before: { accountIds: 'corrupt' },
        after: { accountIds: [], groupIds: [] },
      }),
    ]);
    // Resetting an empty list changes and records nothing.
    expect(await resetAppAdminGrants(store, audit, 'site-1')).toMatchObject({ changed: false });
    expect(await resets()).toHaveLength(1);
  });
});
