/**
 * TechDesk's role matrix, enforced row by row against the app in the sandbox, and the same rows rendered into
 * SECURITY.md's "Role matrix" (the test fails if the document differs). Rows name the module they are called from.
 */

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LOCKOUT_MESSAGE } from '@suite/permissions';
import { definedFunctionKeys, type RoleMatrixRow, roleMatrixTable } from '@suite/permissions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannedId } from '../src/domain/canned';
import { ADMIN, data, type Envelope, PANEL, startSandbox, type TestSandbox } from './sandbox-support';

const FILE = 'apps/techdesk/test/role-matrix.test.ts';
const AGENT_TEST = `${FILE} › agent: grant → allowed, revoke → denied`;
const ADMIN_TEST = `${FILE} › app-admin: bootstrap, narrowing, tier 2, lockout, break glass`;
const ON_ISSUE = 'BROWSE_PROJECTS + SERVICEDESK_AGENT';

interface Fixture {
  readonly ticket: string;
  readonly agent: string;
}
type Row = RoleMatrixRow & {
  /** Who calls it when allowed: an agent, a project admin or a Jira admin. */
  readonly caller: 'agent' | 'projectAdmin' | 'admin';
  readonly payload: (f: Fixture) => unknown;
};

const onIssue = (extra = ''): string => `${ON_ISSUE}${extra ? ` + ${extra}` : ''} on the issue`;
const panel = (
  functionKey: string,
  jira: string,
  payload: Row['payload'],
  caller: Row['caller'] = 'agent',
): Row => ({
  module: PANEL,
  functionKey,
  role: 'agent',
  jira,
  enforcedBy: AGENT_TEST,
  caller,
  payload,
});
const admin = (functionKey: string, payload: Row['payload']): Row => ({
  module: ADMIN,
  functionKey,
  role: 'app-admin',
  jira: 'ADMINISTER (global)',
  enforcedBy: ADMIN_TEST,
  caller: 'admin',
  payload,
});

const uuid = () => randomUUID();

export const ROWS: readonly Row[] = [
  panel('getPanel', onIssue(), (f) => ({ issueKey: f.ticket })),
  panel('transition', onIssue('TRANSITION_ISSUES'), (f) => ({ issueKey: f.ticket, transitionId: '999' })),
  panel('assign', onIssue('ASSIGN_ISSUES'), (f) => ({ issueKey: f.ticket, accountId: f.agent })),
  panel('assignToMe', onIssue('ASSIGN_ISSUES'), (f) => ({ issueKey: f.ticket })),
  panel('searchAssignable', onIssue('ASSIGN_ISSUES'), (f) => ({ issueKey: f.ticket, query: 'Tom' })),
  panel('previewReply', onIssue(), (f) => ({ issueKey: f.ticket, text: 'Hello' })),
  panel('sendReply', onIssue('ADD_COMMENTS'), (f) => ({ issueKey: f.ticket, text: 'Checking now' })),
  panel('startTimer', onIssue('WORK_ON_ISSUES'), (f) => ({ issueKey: f.ticket })),
  panel('stopTimer', onIssue('WORK_ON_ISSUES'), (f) => ({ issueKey: f.ticket })),
  panel('logWork', onIssue('WORK_ON_ISSUES'), (f) => ({ issueKey: f.ticket, duration: '5m' })),
  panel('updateWorklog', onIssue('WORK_ON_ISSUES'), (f) => ({
    issueKey: f.ticket,
    worklogId: '999999',
    duration: '5m',
  })),
  panel('deleteWorklog', onIssue('WORK_ON_ISSUES'), (f) => ({ issueKey: f.ticket, worklogId: '999999' })),
  panel('searchAssets', onIssue(), (f) => ({ issueKey: f.ticket, text: 'LT' })),
  panel('linkAsset', onIssue('EDIT_ISSUES'), (f) => ({
    issueKey: f.ticket,
    fieldId: 'customfield_10100',
    objectId: '999999',
  })),
  panel('saveCannedResponse', '— (personal scope: own responses only)', () => ({
    scope: 'personal',
    title: 'Mine',
    body: 'x',
  })),
  panel('deleteCannedResponse', '— (personal scope)', () => ({
    id: cannedId({ scope: 'personal', uuid: uuid() }),
    version: 1,
  })),
  panel(
    'saveCannedResponse',
    'ADMINISTER_PROJECTS on the project (project scope)',
    () => ({ scope: 'project', projectKey: 'FS', title: 'Team', body: 'x' }),
    'projectAdmin',
  ),
  panel(
    'deleteCannedResponse',
    'ADMINISTER_PROJECTS on the project (project scope)',
    () => ({ id: cannedId({ scope: 'project', projectKey: 'FS', uuid: uuid() }), version: 1 }),
    'projectAdmin',
  ),
  panel('listCannedResponses', onIssue(), (f) => ({ issueKey: f.ticket, scope: 'project' })),
  panel('submitFeedback', '—', () => ({ text: 'Nice' })),
  admin('getAdminConfig', () => ({})),
  admin('saveProjectConfig', () => ({
    projectKey: 'FS',
    enabled: false,
    activeStatusIds: [],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an AQL template placeholder, not a JS template.
    assets: { fieldIds: [], attributeNames: [], aqlTemplate: 'Name like ${search}' },
    version: 999,
  })),
  admin('discoverAssetFields', () => ({})),
  admin('previewAql', (f) => ({ projectKey: 'FS', issueKey: f.ticket, template: 'Name = 1', text: 'x' })),
  admin('getRoles', () => ({})),
  admin('saveRole', () => ({ role: 'agent', grant: { accountIds: [] } })),
  admin('listAudit', () => ({})),
  admin('listFeedback', () => ({})),
  admin('saveCannedResponse', () => ({
    scope: 'global',
    id: cannedId({ scope: 'global', uuid: uuid() }),
    version: 1,
    title: 'T',
    body: 'x',
  })),
  admin('deleteCannedResponse', () => ({ id: cannedId({ scope: 'global', uuid: uuid() }), version: 1 })),
  admin('listCannedResponses', () => ({ scope: 'global' })),
  {
    module: ADMIN,
    functionKey: 'submitFeedback',
    role: '—',
    jira: '—',
    enforcedBy: ADMIN_TEST,
    caller: 'admin',
    payload: () => ({ text: 'Nice' }),
  },
  {
    module: ADMIN,
    functionKey: 'resetAdminList',
    role: '— (break glass)',
    jira: 'SYSTEM_ADMIN (global)',
    enforcedBy: ADMIN_TEST,
    caller: 'admin',
    payload: () => ({}),
  },
];

const DENIED_ROLE = 'Ask an app admin to give you access to this.';
const DENIED_JIRA = "You don't have the Jira permission this action needs.";

let t: TestSandbox;
let f: Fixture;
let siteAdmin: string;
let jiraAdmin: string;
let projectAdmin: string;
let agent: string;
let otherAgent: string;

beforeAll(async () => {
  t = await startSandbox(5);
  const users = t.sb.users();
  siteAdmin = users['site-admin'] as string;
  projectAdmin = users['project-admin'] as string;
  agent = users.agent as string;
  const agents = [...t.site.jira.users.values()].filter((u) => u.sandboxRoles.includes('agent'));
  otherAgent = (agents.find((u) => u.accountId !== agent) as { accountId: string }).accountId;
  // A second Jira administrator who is not a site admin (no SYSTEM_ADMIN): a dispatcher put in the admins group.
  const jiraAdmins = [...t.site.jira.groups.values()].find((g) => g.name === 'jira-admins-sandbox');
  const staff = t.site.jira.users.get(users.dispatcher as string);
  if (!jiraAdmins || !staff) throw new Error('seed changed');
  staff.groupIds.push(jiraAdmins.groupId);
  jiraAdmin = staff.accountId;
  const ticket = [...t.site.jira.issues.values()].find((i) => i.key.startsWith('FS-') && i.requestTypeId);
  f = { ticket: ticket?.key as string, agent };
}, 300_000);
afterAll(() => t?.close());

const callerOf = (row: Row) =>
  row.caller === 'agent' ? agent : row.caller === 'projectAdmin' ? projectAdmin : jiraAdmin;
const call = (row: Row, accountId: string) =>
  t.invoke(row.functionKey, row.payload(f), accountId, {
    moduleKey: row.module,
    ...(row.module === PANEL ? { issueKey: f.ticket } : {}),
  });
const asSiteAdmin = (key: string, payload: unknown) =>
  t.invoke(key, payload, siteAdmin, { moduleKey: ADMIN });

/** Past authorisation: the payload parsed and no tier denied (the handler may still refuse, e.g. NOT_FOUND). */
function expectAllowed(row: Row, result: Envelope, who: string): void {
  const error = result.ok ? undefined : result.error;
  expect(
    { row: `${row.module} ${row.functionKey} as ${who}`, error: error?.code },
    JSON.stringify(error),
  ).not.toMatchObject({ error: expect.stringMatching(/^(FORBIDDEN|INVALID_INPUT|RETRY|INTERNAL)$/) });
}
function expectDenied(row: Row, result: Envelope, message: string, who: string): void {
  expect({ row: `${row.module} ${row.functionKey} as ${who}`, result }).toEqual({
    row: `${row.module} ${row.functionKey} as ${who}`,
    result: { ok: false, error: { code: 'FORBIDDEN', message } },
  });
}
const setList = async (role: string, accountIds: string[], by = siteAdmin) => {
  const current = data(
    await t.invoke<{ roles: Record<string, { accountIds: string[] }> }>('getRoles', {}, by, {
      moduleKey: ADMIN,
    }),
  );
  const before = current.roles[role]?.accountIds ?? [];
  return t.invoke(
    'saveRole',
    { role, grant: { accountIds }, revoke: { accountIds: before.filter((a) => !accountIds.includes(a)) } },
    by,
    { moduleKey: ADMIN },
  );
};

describe('role matrix', () => {
  it('every function key has a row, and SECURITY.md shows exactly these rows', () => {
    const index = readFileSync(new URL('../src/resolvers/index.ts', import.meta.url), 'utf8');
    const [panelSource, adminSource] = index.split('export const adminHandler');
    const covered = (module: string) =>
      [...new Set(ROWS.filter((r) => r.module === module).map((r) => r.functionKey))].sort();
    expect(covered(PANEL)).toEqual([...new Set(definedFunctionKeys(panelSource ?? ''))].sort());
    expect(covered(ADMIN)).toEqual([...new Set(definedFunctionKeys(adminSource ?? ''))].sort());
    const security = readFileSync(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
    if (process.env.PRINT_ROLE_MATRIX) console.log(roleMatrixTable(ROWS));
    expect(security).toContain(roleMatrixTable(ROWS));
  });

  it('agent: grant → allowed, revoke → denied', async () => {
    const rows = ROWS.filter((r) => r.role === 'agent');
    // Bootstrap: nobody listed, so everyone Jira lets work the ticket may use the panel.
    for (const row of rows) expectAllowed(row, await call(row, callerOf(row)), 'unlisted (empty list)');
    // Someone else listed: the caller is denied at tier 3, on every panel function.
    data(await setList('agent', [otherAgent]));
    for (const row of rows) expectDenied(row, await call(row, callerOf(row)), DENIED_ROLE, 'not listed');
    // Granted (the project admin too, for the project-scope rows): allowed again.
    data(await setList('agent', [otherAgent, agent, projectAdmin]));
    for (const row of rows) expectAllowed(row, await call(row, callerOf(row)), 'listed');
    // Revoked: denied on the next call.
    data(await setList('agent', [otherAgent]));
    for (const row of rows) expectDenied(row, await call(row, callerOf(row)), DENIED_ROLE, 'revoked');
    data(await setList('agent', []));
  }, 120_000);

  it('app-admin: bootstrap, narrowing, tier 2, lockout, break glass', async () => {
    const rows = ROWS.filter((r) => r.role === 'app-admin');
    // Bootstrap: an empty list makes every Jira admin an app admin.
    for (const row of rows) expectAllowed(row, await call(row, jiraAdmin), 'Jira admin, empty list');
    // Narrowed to the site admin: the other Jira admin is denied at tier 3.
    data(await setList('app-admin', [siteAdmin]));
    for (const row of rows)
      expectDenied(row, await call(row, jiraAdmin), DENIED_ROLE, 'Jira admin, not listed');
    // Feedback from the admin page needs no role.
    const feedback = ROWS.find((r) => r.module === ADMIN && r.functionKey === 'submitFeedback') as Row;
    expectAllowed(feedback, await call(feedback, jiraAdmin), 'Jira admin, not listed');
    // Granted: allowed.
    data(await setList('app-admin', [siteAdmin, jiraAdmin]));
    for (const row of rows) expectAllowed(row, await call(row, jiraAdmin), 'Jira admin, listed');
    // On the list but not a Jira admin: still denied, by tier 2.
    data(await setList('app-admin', [siteAdmin, jiraAdmin, agent]));
    for (const row of rows) expectDenied(row, await call(row, agent), DENIED_JIRA, 'listed non-admin');

    // Lockout: a save leaving a non-empty list without the acting admin is refused, and nothing is written.
    const before = data(
      await t.invoke<{ roles: Record<string, unknown> }>('getRoles', {}, jiraAdmin, { moduleKey: ADMIN }),
    );
    const refused = await t.invoke(
      'saveRole',
      { role: 'app-admin', revoke: { accountIds: [jiraAdmin] } },
      jiraAdmin,
      {
        moduleKey: ADMIN,
      },
    );
    expect(refused).toEqual({ ok: false, error: { code: 'UNPROCESSABLE', message: LOCKOUT_MESSAGE } });
    expect(data(await t.invoke('getRoles', {}, jiraAdmin, { moduleKey: ADMIN }))).toEqual(before);

    // The site admin is dropped from the list by the other admin; then only break glass lets them back.
    data(await setList('app-admin', [jiraAdmin], jiraAdmin));
    const getRoles = rows.find((r) => r.functionKey === 'getRoles') as Row;
    expectDenied(getRoles, await asSiteAdmin('getRoles', {}), DENIED_ROLE, 'site admin, not listed');
    const reset = ROWS.find((r) => r.functionKey === 'resetAdminList') as Row;
    expectDenied(reset, await call(reset, jiraAdmin), DENIED_JIRA, 'Jira admin without SYSTEM_ADMIN');
    expect(await asSiteAdmin('resetAdminList', {})).toEqual({
      ok: true,
      data: { reset: true, changed: true },
    });
    expectAllowed(getRoles, await asSiteAdmin('getRoles', {}), 'site admin after reset');
    const audit = data(await asSiteAdmin('listAudit', {})) as {
      entries: { action: string; actor: string; target?: string }[];
    };
    expect(audit.entries.find((e) => e.action === 'roles.reset')).toMatchObject({
      actor: siteAdmin,
      target: 'app-admin',
    });
    // Back to bootstrap: every Jira admin again.
    for (const row of rows) expectAllowed(row, await call(row, jiraAdmin), 'Jira admin after reset');
  }, 120_000);
});
