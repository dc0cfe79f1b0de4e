import { describe, expect, it } from 'vitest';
import {
  appAdminPolicy,
  authorise,
  changeRoleGrants,
  createAuditLog,
  type DenialCode,
  definePolicy,
  type Policy,
  replaceRoleGrants,
} from '../src/index';
import { createMemoryStore } from '../src/testing/index';
import { type FakeUser, type Fault, fakeJira } from './fake-jira';

const AGENT_PERMS = [
  'BROWSE_PROJECTS',
  'ASSIGN_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'WORK_ON_ISSUES',
];

const people = {
  jiraAdmin: { accountId: 'admin-1', global: ['ADMINISTER'], projects: { HD: AGENT_PERMS } },
  projectAdmin: { accountId: 'padmin-1', projects: { HD: [...AGENT_PERMS, 'ADMINISTER_PROJECTS'] } },
  agent: { accountId: 'agent-1', projects: { HD: AGENT_PERMS } },
  dispatcher: { accountId: 'disp-1', projects: { HD: AGENT_PERMS } },
  groupDispatcher: { accountId: 'disp-2', projects: { HD: AGENT_PERMS }, groupIds: ['g-dispatch'] },
  readOnlyDispatcher: { accountId: 'disp-3', projects: { HD: ['BROWSE_PROJECTS'] } },
  outsider: { accountId: 'out-1', projects: {} },
} satisfies Record<string, FakeUser>;

type Person = keyof typeof people;

const policies = {
  adminSave: appAdminPolicy<{ theme: string }>('admin-page'),
  projectSettings: definePolicy<{ projectKey: string }>({
    modules: ['project-settings'],
    licence: 'required',
    jira: (i) => ({ scope: 'project', projectKey: i.projectKey, permissions: ['ADMINISTER_PROJECTS'] }),
  }),
  assign: definePolicy<{ issueKey: string }>({
    modules: ['dispatch-console'],
    licence: 'required',
    jira: (i) => ({
      scope: 'issue',
      issueKey: i.issueKey,
      permissions: ['ASSIGN_ISSUES', 'TRANSITION_ISSUES'],
    }),
    appRoles: ['dispatcher'],
  }),
  comment: definePolicy<{ issueKey: string }>({
    modules: ['issue-panel'],
    licence: 'required',
    jira: (i) => ({ scope: 'issue', issueKey: i.issueKey, permissions: ['ADD_COMMENTS'] }),
  }),
};

type PolicyName = keyof typeof policies;

const moduleOf: Record<PolicyName, string> = {
  adminSave: 'admin-page',
  projectSettings: 'project-settings',
  assign: 'dispatch-console',
  comment: 'issue-panel',
};

const inputOf = { theme: 'dark', projectKey: 'HD', issueKey: 'HD-7' };

function context(person: FakeUser, overrides: Record<string, unknown> = {}) {
  return {
    accountId: person.accountId,
    accountType: 'licensed',
    cloudId: 'cloud-1',
    environmentType: 'DEVELOPMENT',
    ...overrides,
  };
}

function grantedStore() {
  return createMemoryStore({
    'roles:dispatcher': { accountIds: ['disp-1', 'disp-3'], groupIds: ['g-dispatch'] },
  });
}

async function decide(person: Person, policy: PolicyName, fault?: Fault, ctx: Record<string, unknown> = {}) {
  const { requestJira, calls } = fakeJira(people[person], fault);
  const store = grantedStore();
  const decision = await authorise(
    policies[policy] as Policy<typeof inputOf>,
    context(people[person], { moduleKey: moduleOf[policy], ...ctx }),
    inputOf,
    { requestJira, store },
    policy,
  );
  return { decision, calls, store };
}

// Expected outcome of every identity against every policy: 'allow' or the denial code.
const matrix: Record<Person, Record<PolicyName, 'allow' | DenialCode>> = {
  jiraAdmin: {
    adminSave: 'allow',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'APP_ROLE_MISSING',
    comment: 'allow',
  },
  projectAdmin: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'allow',
    assign: 'APP_ROLE_MISSING',
    comment: 'allow',
  },
  agent: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'APP_ROLE_MISSING',
    comment: 'allow',
  },
  dispatcher: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'allow',
    comment: 'allow',
  },
  groupDispatcher: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'allow',
    comment: 'allow',
  },
  readOnlyDispatcher: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'JIRA_PERMISSION_MISSING',
    comment: 'JIRA_PERMISSION_MISSING',
  },
  // Jira answers 404 for a project the user cannot browse: that is a plain "no" (not a retryable failure).
  outsider: {
    adminSave: 'JIRA_PERMISSION_MISSING',
    projectSettings: 'JIRA_PERMISSION_MISSING',
    assign: 'JIRA_PERMISSION_MISSING',
    comment: 'JIRA_PERMISSION_MISSING',
  },
};

describe('identity × policy matrix', () => {
  for (const [person, row] of Object.entries(matrix) as [Person, Record<PolicyName, string>][]) {
    for (const [policy, expected] of Object.entries(row) as [PolicyName, string][]) {
      it(`${person} → ${policy}: ${expected}`, async () => {
        const { decision } = await decide(person, policy);
        if (expected === 'allow') {
          expect(decision).toMatchObject({ allowed: true, accountId: people[person].accountId });
        } else {
          expect(decision).toMatchObject({ allowed: false, code: expected });
        }
      });
    }
  }

  it('reports the roles that granted access', async () => {
    const { decision } = await decide('groupDispatcher', 'assign');
    expect(decision).toEqual({ allowed: true, accountId: 'disp-2', roles: ['dispatcher'] });
  });
});

describe('tier 1: identity', () => {
  it.each([
    ['customer', { accountType: 'customer' }],
    ['unlicensed', { accountType: 'unlicensed' }],
    ['anonymous', { accountType: 'anonymous', accountId: undefined }],
    ['missing accountType', { accountType: undefined }],
    ['missing accountId', { accountId: undefined }],
  ])('refuses a %s caller before asking Jira', async (_name, overrides) => {
    const { decision, calls } = await decide('jiraAdmin', 'comment', undefined, overrides);
    expect(decision).toMatchObject({ allowed: false, tier: 'identity', code: 'NOT_A_LICENSED_USER' });
    expect(calls).toEqual([]);
  });

  it.each([
    ['null', null],
    ['a string', 'licensed'],
    ['a malformed accountId', { accountId: 'a b', accountType: 'licensed', moduleKey: 'issue-panel' }],
  ])('refuses when the context is %s', async (_name, ctx) => {
    const { requestJira, calls } = fakeJira(people.jiraAdmin);
    const decision = await authorise(policies.comment, ctx, inputOf, { requestJira, store: grantedStore() });
    expect(decision).toMatchObject({ allowed: false, code: 'NO_CONTEXT' });
    expect(calls).toEqual([]);
  });

  it('refuses an admin function invoked from a non-admin module', async () => {
    const { decision, calls } = await decide('jiraAdmin', 'adminSave', undefined, {
      moduleKey: 'issue-panel',
    });
    expect(decision).toMatchObject({ allowed: false, code: 'MODULE_NOT_ALLOWED' });
    expect(calls).toEqual([]);
  });

  it('refuses when the module key is missing', async () => {
    const { decision } = await decide('agent', 'comment', undefined, { moduleKey: undefined });
    expect(decision).toMatchObject({ allowed: false, code: 'MODULE_NOT_ALLOWED' });
  });

  it.each([
    ['an inactive licence', { license: { isActive: false } }, 'LICENCE_INACTIVE'],
    ['no licence in production', { environmentType: 'PRODUCTION', license: undefined }, 'LICENCE_INACTIVE'],
    ['no licence and no environment', { environmentType: undefined, license: undefined }, 'LICENCE_INACTIVE'],
    [
      'an active licence in production',
      { environmentType: 'PRODUCTION', license: { isActive: true } },
      'allow',
    ],
    ['no licence in development', { environmentType: 'DEVELOPMENT' }, 'allow'],
  ])('with %s', async (_name, overrides, expected) => {
    const { decision } = await decide('agent', 'comment', undefined, overrides);
    if (expected === 'allow') expect(decision.allowed).toBe(true);
    else expect(decision).toMatchObject({ allowed: false, code: expected });
  });

  it('skips the licence check only where the policy says licensing does not apply', async () => {
    const policy = definePolicy({ modules: ['issue-panel'], licence: 'not-applicable' });
    const { requestJira } = fakeJira(people.agent);
    const decision = await authorise(
      policy,
      context(people.agent, {
        moduleKey: 'issue-panel',
        environmentType: 'PRODUCTION',
        license: { isActive: false },
      }),
      {},
      { requestJira, store: grantedStore() },
    );
    expect(decision.allowed).toBe(true);
  });

  it('rejects a policy with no modules at definition time', () => {
    expect(() => definePolicy({ modules: [], licence: 'required' })).toThrow(/at least one module/);
  });
});

describe('tier 2: Jira permissions asked as the user', () => {
  it('asks mypermissions with the issue key from the input, query-encoded', async () => {
    const { calls } = await decide('dispatcher', 'assign');
    expect(calls[0]).toBe(
      '/rest/api/3/mypermissions?permissions=ASSIGN_ISSUES%2CTRANSITION_ISSUES&issueKey=HD-7',
    );
  });

  it('asks ADMINISTER once even though tier 3 needs it too', async () => {
    const { calls } = await decide('jiraAdmin', 'adminSave');
    expect(calls).toEqual(['/rest/api/3/mypermissions?permissions=ADMINISTER']);
  });

  const faults: [string, Fault][] = [
    ['429 with Retry-After', { kind: 'status', status: 429, headers: { 'Retry-After': '5' } }],
    ['429 without Retry-After', { kind: 'status', status: 429 }],
    ['500', { kind: 'status', status: 500 }],
    ['503', { kind: 'status', status: 503 }],
    ['401 (scope not approved)', { kind: 'status', status: 401 }],
    ['403', { kind: 'status', status: 403 }],
    ['a network error', { kind: 'throw' }],
    ['a body that is not JSON', { kind: 'not-json' }],
    ['an unexpected shape', { kind: 'wrong-shape' }],
  ];

  it.each(faults)('denies on %s (fail closed)', async (_name, fault) => {
    for (const person of ['jiraAdmin', 'dispatcher'] as const) {
      const policy = person === 'jiraAdmin' ? 'adminSave' : 'assign';
      const { decision } = await decide(person, policy, fault);
      expect(decision).toMatchObject({ allowed: false, code: 'PERMISSION_CHECK_FAILED' });
    }
  });

  it('reads a 404 for a project or issue as "not permitted" (Jira hides what you cannot see), but not for a global check', async () => {
    const onIssue = await decide('dispatcher', 'assign', { kind: 'status', status: 404 });
    expect(onIssue.decision).toMatchObject({ allowed: false, tier: 'jira', code: 'JIRA_PERMISSION_MISSING' });
    const global = await decide('jiraAdmin', 'adminSave', { kind: 'status', status: 404 });
    expect(global.decision).toMatchObject({ allowed: false, code: 'PERMISSION_CHECK_FAILED' });
  });

  it('treats a permission Jira leaves out of its answer as not held', async () => {
    const { decision } = await decide('dispatcher', 'assign', {
      kind: 'omit-permission',
      permission: 'ASSIGN_ISSUES',
    });
    expect(decision).toMatchObject({ allowed: false, code: 'JIRA_PERMISSION_MISSING' });
  });

  it('requires every requirement when a policy lists several', async () => {
    const policy = definePolicy<{ issueKey: string }>({
      modules: ['issue-panel'],
      licence: 'required',
      jira: (i) => [
        { scope: 'issue', issueKey: i.issueKey, permissions: ['ADD_COMMENTS'] },
        { scope: 'global', permissions: ['ADMINISTER'] },
      ],
    });
    const { requestJira } = fakeJira(people.agent);
    const ctx = context(people.agent, { moduleKey: 'issue-panel' });
    const decision = await authorise(policy, ctx, inputOf, { requestJira, store: grantedStore() });
    expect(decision).toMatchObject({ allowed: false, code: 'JIRA_PERMISSION_MISSING', tier: 'jira' });
  });

  it('denies when the policy itself throws on the input', async () => {
    const policy = definePolicy<{ issueKey: string }>({
      modules: ['issue-panel'],
      licence: 'required',
      jira: () => {
        throw new Error('bug');
      },
    });
    const { requestJira } = fakeJira(people.agent);
    const decision = await authorise(policy, context(people.agent, { moduleKey: 'issue-panel' }), inputOf, {
      requestJira,
      store: grantedStore(),
    });
    expect(decision).toMatchObject({ allowed: false, code: 'PERMISSION_CHECK_FAILED' });
  });
});

describe('tier 3: app roles', () => {
  it('denies when the role store cannot be read', async () => {
    const { requestJira } = fakeJira(people.dispatcher);
    const store = grantedStore();
    store.get = async () => {
      throw new Error('KVS 429 RATE_LIMIT_EXCEEDED');
    };
    const decision = await authorise(
      policies.assign,
      context(people.dispatcher, { moduleKey: 'dispatch-console' }),
      inputOf,
      { requestJira, store },
    );
    expect(decision).toMatchObject({ allowed: false, tier: 'app-role', code: 'PERMISSION_CHECK_FAILED' });
  });

  it('reads grants stored by a versioned change, and nothing from a corrupt versioned record', async () => {
    const { requestJira } = fakeJira(people.dispatcher);
    const ctx = context(people.dispatcher, { moduleKey: 'dispatch-console' });
    const store = createMemoryStore();
    await changeRoleGrants(
      store,
      createAuditLog(store),
      'dispatcher',
      { grant: { accountIds: ['disp-1'] } },
      'admin-1',
    );
    expect(store.data.get('roles:dispatcher')).toMatchObject({ version: 1 });
    expect((await authorise(policies.assign, ctx, inputOf, { requestJira, store })).allowed).toBe(true);
    const corrupt = createMemoryStore({
      'roles:dispatcher': { version: 4, accountIds: 'disp-1', groupIds: [] },
    });
    expect(await authorise(policies.assign, ctx, inputOf, { requestJira, store: corrupt })).toMatchObject({
      allowed: false,
      code: 'APP_ROLE_MISSING',
    });
  });

  it('grants nothing from a corrupt role record', async () => {
    const { requestJira } = fakeJira(people.dispatcher);
    const store = createMemoryStore({ 'roles:dispatcher': { accountIds: 'disp-1' } });
    const decision = await authorise(
      policies.assign,
      context(people.dispatcher, { moduleKey: 'dispatch-console' }),
      inputOf,
      { requestJira, store },
    );
    expect(decision).toMatchObject({ allowed: false, code: 'APP_ROLE_MISSING' });
  });

  it('denies a group grant when Jira answers for a different account', async () => {
    const { decision } = await decide('groupDispatcher', 'assign', { kind: 'other-account' });
    expect(decision).toMatchObject({ allowed: false, code: 'PERMISSION_CHECK_FAILED' });
  });

  it('takes effect on the next call after a revocation (nothing cached)', async () => {
    const { requestJira } = fakeJira(people.dispatcher);
    const store = grantedStore();
    const deps = { requestJira, store };
    const ctx = context(people.dispatcher, { moduleKey: 'dispatch-console' });
    expect((await authorise(policies.assign, ctx, inputOf, deps)).allowed).toBe(true);
    await replaceRoleGrants(
      store,
      createAuditLog(store),
      'dispatcher',
      { accountIds: [], groupIds: [] },
      0,
      'admin-1',
    );
    expect(await authorise(policies.assign, ctx, inputOf, deps)).toMatchObject({ code: 'APP_ROLE_MISSING' });
  });
});

describe('audit of admin denials', () => {
  it('records who was denied what and why, for admin policies only', async () => {
    const admin = await decide('agent', 'adminSave');
    const auditKeys = [...admin.store.data.keys()].filter((k) => k.startsWith('audit:'));
    expect(auditKeys).toHaveLength(1);
    const entry = admin.store.data.get(auditKeys[0] as string);
    expect(entry).toMatchObject({
      actor: 'agent-1',
      action: 'adminSave',
      outcome: 'denied',
      reason: expect.stringContaining('JIRA_PERMISSION_MISSING'),
      count: 1,
    });

    const nonAdmin = await decide('outsider', 'comment');
    expect([...nonAdmin.store.data.keys()].filter((k) => k.startsWith('audit:'))).toEqual([]);
    const allowed = await decide('jiraAdmin', 'adminSave');
    expect([...allowed.store.data.keys()].filter((k) => k.startsWith('audit:'))).toEqual([]);
  });

  it('still denies when the audit log cannot be written', async () => {
    const { requestJira } = fakeJira(people.agent);
    const store = grantedStore();
    store.create = async () => {
      throw new Error('KVS down');
    };
    // Denials are counted by compare-and-set: break that write too.
    store.versioned.compareAndSet = async () => {
      throw new Error('KVS down');
    };
    const decision = await authorise(
      policies.adminSave,
      context(people.agent, { moduleKey: 'admin-page' }),
      inputOf,
      { requestJira, store },
    );
    expect(decision.allowed).toBe(false);
  });
});
