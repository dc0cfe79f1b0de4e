/**
 * Assets to SQL's role matrix: its admin page offers no roles, so every admin function needs Jira ADMINISTER and
 * the app-admin list stays empty (every Jira admin). Enforced row by row against the app in the sandbox, and the
 * same rows rendered into SECURITY.md's "Role matrix" (the test fails if the document differs).
 */
import { readFileSync } from 'node:fs';
import { definedFunctionKeys, type RoleMatrixRow, roleMatrixTable } from '@suite/permissions/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_MODULE, createHarness, type Harness, type ResolverResult } from './app-support';

const FILE = 'apps/assets-to-sql/test/role-matrix.test.ts';
const TEST = `${FILE} › Jira admin allowed, anyone else denied by tier 2`;

type Row = RoleMatrixRow & { readonly payload: unknown };
const row = (functionKey: string, payload: unknown): Row => ({
  module: ADMIN_MODULE,
  functionKey,
  role: 'app-admin (list always empty: no roles UI)',
  jira: 'ADMINISTER (global)',
  enforcedBy: TEST,
  payload,
});
const config = { name: 'Matrix', schemaIds: ['1'], dialect: 'sqlite' };

export const ROWS: readonly Row[] = [
  row('listSchemas', {}),
  row('listObjectTypes', { schemaId: '1' }),
  row('listAttributes', { objectTypeId: '2' }),
  row('saveExport', config),
  row('listExports', {}),
  row('previewDdl', { config }),
  row('createApiKey', { label: 'x', exportIds: ['exp-1'] }),
  row('listApiKeys', {}),
  row('revokeApiKey', { id: 'AAAAAAAAAAAA' }),
  row('getPullEndpoint', {}),
  row('runExport', { id: 'exp-1' }),
  row('getRuns', { id: 'exp-1' }),
  row('getDestination', { exportId: 'exp-1' }),
  row('saveDestination', { exportId: 'exp-1', url: 'https://hooks.example.com/x' }),
  row('rotateSecret', { exportId: 'exp-1' }),
  row('pauseDestination', { exportId: 'exp-1' }),
  row('resumeDestination', { exportId: 'exp-1' }),
  row('setSchedule', { exportId: 'exp-1', interval: 'daily' }),
];

const DENIED_JIRA = "You don't have the Jira permission this action needs.";
const TIER_DENIALS = [
  DENIED_JIRA,
  'Ask an app admin to give you access to this.',
  'This action is not available here.',
];

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ objects: 5 });
}, 300_000); // may include a cold Forge build of the app
afterAll(() => h?.sb.close());

function expectAllowed(r: Row, result: ResolverResult<unknown>): void {
  const error = result.ok ? undefined : result.error;
  const denied =
    error?.code === 'INVALID_INPUT' ||
    error?.code === 'RETRY' ||
    error?.code === 'INTERNAL' ||
    (error?.code === 'FORBIDDEN' && TIER_DENIALS.includes(error.message));
  expect({ row: r.functionKey, denied, error }).toMatchObject({ row: r.functionKey, denied: false });
}

describe('role matrix', () => {
  it('every function key has a row, and SECURITY.md shows exactly these rows', () => {
    const source = readFileSync(new URL('../src/resolvers/admin.ts', import.meta.url), 'utf8');
    expect(ROWS.map((r) => r.functionKey).sort()).toEqual(definedFunctionKeys(source).sort());
    const security = readFileSync(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
    if (process.env.PRINT_ROLE_MATRIX) console.log(roleMatrixTable(ROWS));
    expect(security).toContain(roleMatrixTable(ROWS));
  });

  it('Jira admin allowed, anyone else denied by tier 2', async () => {
    for (const r of ROWS) {
      expect(await h.invoke(r.functionKey, r.payload, h.agent), r.functionKey).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: DENIED_JIRA },
      });
      expectAllowed(r, await h.invoke(r.functionKey, r.payload, h.admin));
    }
  }, 120_000);
});
