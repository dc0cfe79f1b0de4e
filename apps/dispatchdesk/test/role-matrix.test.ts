/**
 * DispatchDesk's role matrix, enforced row by row against the app in the sandbox, and the same rows rendered into
 * SECURITY.md's "Role matrix" (the test fails if the document differs). Rows name the module they are called from.
 */
import { readFileSync } from 'node:fs';
import { LOCKOUT_MESSAGE } from '@suite/permissions';
import { definedFunctionKeys, type RoleMatrixRow, roleMatrixTable } from '@suite/permissions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeVersion } from '../src/domain/changes';
import {
  ADMIN,
  CONSOLE,
  data,
  type Envelope,
  profileOf,
  startSandbox,
  type TestSandbox,
} from './resolvers-support';

const FILE = 'apps/dispatchdesk/test/role-matrix.test.ts';
const ROLES_TEST = `${FILE} › dispatcher and technician: grant → allowed, revoke → denied`;
const ADMIN_TEST = `${FILE} › app-admin: bootstrap, narrowing, tier 2, lockout, break glass`;
const ANY = 'dispatcher, technician or app-admin';
const DISPATCH = 'dispatcher or app-admin';

interface Fixture {
  readonly ticket: string;
  readonly technician: string;
  readonly profile: ReturnType<typeof profileOf>;
  readonly config: unknown;
}
type Row = RoleMatrixRow & { readonly payload: (f: Fixture, caller: string) => unknown };

const row = (
  module: string,
  functionKey: string,
  role: string,
  jira: string,
  payload: Row['payload'],
): Row => ({
  module,
  functionKey,
  role,
  jira,
  enforcedBy: role === 'app-admin' || role.startsWith('—') ? ADMIN_TEST : ROLES_TEST,
  payload,
});
const updated = '2020-01-01T00:00:00.000Z';

const technicianRows = (module: string): Row[] => [
  row(module, 'getTechnician', ANY, '— (own profile)', (_, me) => ({ accountId: me })),
  row(module, 'getTechnician', DISPATCH, '— (another technician’s profile)', (f) => ({
    accountId: f.technician,
  })),
  row(module, 'saveTechnician', ANY, '— (own profile; skills unchanged)', (f, me) => ({
    ...f.profile,
    accountId: me,
    skills: [],
  })),
  row(module, 'saveTechnician', DISPATCH, '— (another technician’s profile)', (f) => f.profile),
  row(module, 'setPosition', ANY, '— (own position)', (_, me) => ({ accountId: me, position: null })),
  row(module, 'setPosition', DISPATCH, '— (another technician’s position)', (f) => ({
    accountId: f.technician,
    position: null,
  })),
  row(module, 'deleteTechnician', ANY, '— (own profile)', (_, me) => ({ accountId: me })),
  // Someone with no profile: authorisation is what is tested, and the fixture's technician stays for other rows.
  row(module, 'deleteTechnician', DISPATCH, '— (another technician’s profile)', () => ({
    accountId: '557058:00000000-0000-4000-8000-00000000dead',
  })),
];
const admin = (functionKey: string, payload: Row['payload']): Row =>
  row(ADMIN, functionKey, 'app-admin', 'ADMINISTER (global)', payload);

export const ROWS: readonly Row[] = [
  row(CONSOLE, 'getConsole', ANY, '—', () => ({})),
  row(CONSOLE, 'getChanges', ANY, '—', () => ({ version: encodeVersion({ change: '', seenUntil: 0 }) })),
  row(CONSOLE, 'rankTechnicians', DISPATCH, 'BROWSE_PROJECTS on the issue', (f) => ({ issueKey: f.ticket })),
  row(CONSOLE, 'assign', DISPATCH, 'BROWSE_PROJECTS + ASSIGN_ISSUES on the issue', (f) => ({
    issueKey: f.ticket,
    accountId: f.technician,
    expectedUpdated: updated,
  })),
  row(
    CONSOLE,
    'startTravel',
    `${ANY} (technicians: only tickets assigned to them)`,
    'BROWSE_PROJECTS + TRANSITION_ISSUES on the issue',
    (f) => ({ issueKey: f.ticket, expectedUpdated: updated }),
  ),
  row(
    CONSOLE,
    'arrive',
    `${ANY} (technicians: only tickets assigned to them)`,
    'BROWSE_PROJECTS + TRANSITION_ISSUES on the issue',
    (f) => ({ issueKey: f.ticket, expectedUpdated: updated }),
  ),
  ...technicianRows(CONSOLE),
  admin('getConfig', () => ({})),
  admin('saveConfig', (f) => f.config),
  admin('detectStatuses', () => ({ projectKeys: ['FS'] })),
  admin('healthCheck', () => ({})),
  admin('getRoles', () => ({})),
  admin('saveRole', () => ({ role: 'dispatcher', grant: { accountIds: [] } })),
  admin('listAudit', () => ({})),
  row(ADMIN, 'resetAdminList', '— (break glass)', 'SYSTEM_ADMIN (global)', () => ({})),
  ...technicianRows(ADMIN),
];

/** The resolver kit's answers for a denial by tier 3 and by tier 2. */
const DENIED_ROLE = 'Ask an app admin to give you access to this.';
const DENIED_JIRA = "You don't have the Jira permission this action needs.";
const TIER_DENIALS = [DENIED_ROLE, DENIED_JIRA, 'This action is not available here.'];

let t: TestSandbox;
let f: Fixture;
let siteAdmin: string;
let jiraAdmin: string;
let subject: string;

beforeAll(async () => {
  t = await startSandbox();
  siteAdmin = t.users['site-admin'] as string;
  // A licensed service desk member with no DispatchDesk role and no Jira admin rights.
  subject = t.users.agent as string;
  // A second Jira administrator who is not a site admin (no SYSTEM_ADMIN): the seeded dispatcher, in the admins group.
  jiraAdmin = t.users.dispatcher as string;
  t.site.jira.users.get(jiraAdmin)?.groupIds.push(t.groupId('jira-admins-sandbox'));
  const technician = t.site.technicians[0];
  const ticket = [...t.site.jira.issues.values()].find((i) => i.key.startsWith('FS-') && i.requestTypeId);
  if (!technician || !ticket) throw new Error('seed changed');
  const config = data(await t.invoke('getConfig', {}, siteAdmin, ADMIN));
  f = { ticket: ticket.key, technician: technician.accountId, profile: profileOf(technician), config };
}, 300_000);
afterAll(() => t?.close());

const call = (r: Row, accountId: string) =>
  t.invoke(r.functionKey, r.payload(f, accountId), accountId, r.module);
const label = (r: Row, who: string) => `${r.module} ${r.functionKey} (${r.role}; ${r.jira}) as ${who}`;

/** Past authorisation: the payload parsed and no tier denied (the handler may still refuse, e.g. NOT_FOUND). */
function expectAllowed(r: Row, result: Envelope, who: string): void {
  const error = result.ok ? undefined : result.error;
  const denied =
    error?.code === 'INVALID_INPUT' ||
    error?.code === 'RETRY' ||
    error?.code === 'INTERNAL' ||
    (error?.code === 'FORBIDDEN' && TIER_DENIALS.includes(error.message));
  expect({ row: label(r, who), denied, error }).toMatchObject({ row: label(r, who), denied: false });
}
function expectDenied(r: Row, result: Envelope, message: string, who: string): void {
  expect({ row: label(r, who), result }).toEqual({
    row: label(r, who),
    result: { ok: false, error: { code: 'FORBIDDEN', message } },
  });
}
const setList = async (role: string, accountIds: string[], by = siteAdmin) => {
  const roles = data(
    await t.invoke<{ roles: Record<string, { accountIds: string[] }> }>('getRoles', {}, by, ADMIN),
  );
  const before = roles.roles[role]?.accountIds ?? [];
  return t.invoke(
    'saveRole',
    { role, grant: { accountIds }, revoke: { accountIds: before.filter((a) => !accountIds.includes(a)) } },
    by,
    ADMIN,
  );
};
const roleRows = ROWS.filter((r) => r.role.startsWith(ANY) || r.role === DISPATCH);
const anyRows = roleRows.filter((r) => r.role.startsWith(ANY));
const dispatchRows = roleRows.filter((r) => r.role === DISPATCH);

describe('role matrix', () => {
  it('every function key has a row, and SECURITY.md shows exactly these rows', () => {
    const index = readFileSync(new URL('../src/resolvers/index.ts', import.meta.url), 'utf8');
    const [consoleSource, adminSource] = index.split('export const adminHandler');
    const covered = (module: string) =>
      [...new Set(ROWS.filter((r) => r.module === module).map((r) => r.functionKey))].sort();
    expect(covered(CONSOLE)).toEqual([...new Set(definedFunctionKeys(consoleSource ?? ''))].sort());
    expect(covered(ADMIN)).toEqual([...new Set(definedFunctionKeys(adminSource ?? ''))].sort());
    const security = readFileSync(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
    if (process.env.PRINT_ROLE_MATRIX) console.log(roleMatrixTable(ROWS));
    expect(security).toContain(roleMatrixTable(ROWS));
  });

  it('dispatcher and technician: grant → allowed, revoke → denied', async () => {
    // Closed roles: nobody granted means nobody holds them.
    for (const r of roleRows) expectDenied(r, await call(r, subject), DENIED_ROLE, 'no role');
    // Technician: own profile and the console, not dispatching or other technicians.
    data(await setList('technician', [subject]));
    for (const r of anyRows) expectAllowed(r, await call(r, subject), 'technician');
    for (const r of dispatchRows) expectDenied(r, await call(r, subject), DENIED_ROLE, 'technician');
    data(await setList('technician', []));
    for (const r of anyRows) expectDenied(r, await call(r, subject), DENIED_ROLE, 'technician revoked');
    // Dispatcher: everything in the console and every technician.
    data(await setList('dispatcher', [subject]));
    for (const r of roleRows) expectAllowed(r, await call(r, subject), 'dispatcher');
    data(await setList('dispatcher', []));
    for (const r of roleRows) expectDenied(r, await call(r, subject), DENIED_ROLE, 'dispatcher revoked');
  }, 180_000);

  it('app-admin: bootstrap, narrowing, tier 2, lockout, break glass', async () => {
    const adminRows = ROWS.filter((r) => r.role === 'app-admin');
    const everyRow = [...adminRows, ...roleRows];
    // Bootstrap: an empty list makes every Jira admin an app admin, here and in the console.
    for (const r of everyRow) expectAllowed(r, await call(r, jiraAdmin), 'Jira admin, empty list');
    // Narrowed to the site admin: the other Jira admin holds no role at all.
    data(await setList('app-admin', [siteAdmin]));
    for (const r of everyRow)
      expectDenied(r, await call(r, jiraAdmin), DENIED_ROLE, 'Jira admin, not listed');
    data(await setList('app-admin', [siteAdmin, jiraAdmin]));
    for (const r of everyRow) expectAllowed(r, await call(r, jiraAdmin), 'Jira admin, listed');
    // Listed but not a Jira admin: denied by tier 2 on the admin page, and no role in the console.
    data(await setList('app-admin', [siteAdmin, jiraAdmin, subject]));
    for (const r of adminRows) expectDenied(r, await call(r, subject), DENIED_JIRA, 'listed non-admin');
    for (const r of roleRows) expectDenied(r, await call(r, subject), DENIED_ROLE, 'listed non-admin');

    // Lockout: a save leaving a non-empty list without the acting admin is refused, and nothing is written.
    const before = data(await t.invoke('getRoles', {}, jiraAdmin, ADMIN));
    const refused = await t.invoke(
      'saveRole',
      { role: 'app-admin', revoke: { accountIds: [jiraAdmin] } },
      jiraAdmin,
      ADMIN,
    );
    expect(refused).toEqual({ ok: false, error: { code: 'UNPROCESSABLE', message: LOCKOUT_MESSAGE } });
    expect(data(await t.invoke('getRoles', {}, jiraAdmin, ADMIN))).toEqual(before);

    // The site admin is dropped by the other admin; only break glass lets them back.
    data(await setList('app-admin', [jiraAdmin], jiraAdmin));
    const getRoles = adminRows.find((r) => r.functionKey === 'getRoles') as Row;
    expectDenied(getRoles, await call(getRoles, siteAdmin), DENIED_ROLE, 'site admin, not listed');
    const reset = ROWS.find((r) => r.functionKey === 'resetAdminList') as Row;
    expectDenied(reset, await call(reset, jiraAdmin), DENIED_JIRA, 'Jira admin without SYSTEM_ADMIN');
    expect(await call(reset, siteAdmin)).toEqual({ ok: true, data: { reset: true, changed: true } });
    expectAllowed(getRoles, await call(getRoles, siteAdmin), 'site admin after reset');
    const audit = data(
      await t.invoke<{ entries: { action: string; actor: string }[] }>('listAudit', {}, siteAdmin, ADMIN),
    );
    expect(audit.entries.find((e) => e.action === 'roles.reset')).toMatchObject({
      actor: siteAdmin,
      target: 'app-admin',
    });
    for (const r of everyRow) expectAllowed(r, await call(r, jiraAdmin), 'Jira admin after reset');
  }, 180_000);
});
