/**
 * Assets to SQL's daily personal data report in the sandbox (shared run of @suite/permissions, real `@forge/api`
 * `privacy.reportPersonalData` against the emulated Personal Data Reporting API): when the admin who created an
 * export and an API key is reported closed, the records stay (the site still needs them) with `closed-account` as
 * creator / reviser, and no stored value names the account any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, unwrap } from './app-support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ objects: 20 });
}, 300_000);
afterAll(() => h?.sb.close());

type Dump = { keys: Record<string, Record<string, unknown>> };

describe('closed accounts (the daily personal data report)', () => {
  it('anonymises a closed admin in exports, API keys and the audit log; a second run changes nothing', async () => {
    const { id } = unwrap(
      await h.invoke<{ id: string }>('saveExport', { name: 'CMDB', schemaIds: ['1'], dialect: 'sqlite' }),
    );
    unwrap(await h.invoke('createApiKey', { label: 'warehouse', exportIds: [id] }));
    expect(JSON.stringify(h.kvsDump())).toContain(h.admin);

    h.sb.sandbox.closeAccount(h.admin);
    const before = h.sb.sandbox.requests.length;
    await h.sb.sandbox.fireScheduled('assets-to-sql', 'assets-to-sql-privacy-report');
    const reports = h.sb.sandbox.requests.slice(before).filter((r) => r.path === '/app/report-accounts');
    expect(reports.length).toBeGreaterThanOrEqual(1);
    expect(reports.every((r) => r.as === 'app' && r.status === 200)).toBe(true);

    const dump = h.kvsDump() as Dump;
    expect(JSON.stringify(dump)).not.toContain(h.admin);
    expect(dump.keys[`export:${id}`]).toMatchObject({ name: 'CMDB', updatedBy: 'closed-account' });
    const key = Object.entries(dump.keys).find(([k]) => k.startsWith('apikey:'))?.[1];
    expect(key).toMatchObject({ label: 'warehouse', createdBy: 'closed-account' });
    const erasures = Object.values(dump.keys).filter((v) => v.action === 'privacy.erase');
    expect(erasures).toEqual([expect.objectContaining({ actor: 'app', after: { accounts: 1 } })]);

    const snapshot = JSON.stringify((h.kvsDump() as Dump).keys);
    await h.sb.sandbox.fireScheduled('assets-to-sql', 'assets-to-sql-privacy-report');
    expect(JSON.stringify((h.kvsDump() as Dump).keys)).toBe(snapshot);
  });
});
