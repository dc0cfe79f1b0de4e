/**
 * The shared personal data report → erase run (`src/privacy.ts`), against the in-memory store and a stand-in for
 * Atlassian's reporting API with its 90-account limit. End to end in the sandbox: each app's test/privacy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { auditKey, createAuditLog } from '../src/audit';
import {
  type AccountStatus,
  auditLogHolder,
  CLOSED_ACCOUNT,
  type PersonalDataHolder,
  personalDataTrigger,
  REPORT_BATCH,
  REPORT_CURSOR_KEY,
  type ReportedAccount,
  reportPersonalData,
  roleGrantsHolder,
} from '../src/privacy';
import { changeRoleGrants } from '../src/roles';
import { createMemoryStore } from '../src/testing';

const id = (n: number) => `557058:${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** Atlassian's side: refuses more than 90 per call, answers only the closed ones. */
function atlassian(closed: ReadonlySet<string>) {
  const calls: number[] = [];
  const report = async (accounts: ReportedAccount[]): Promise<AccountStatus[]> => {
    if (accounts.length > REPORT_BATCH) throw new Error('400: at most 90');
    calls.push(accounts.length);
    return accounts
      .filter((a) => closed.has(a.accountId))
      .map((a) => ({ accountId: a.accountId, status: 'closed' }));
  };
  return { calls, report };
}

/** A holder over a plain set, recording what it was asked to erase. */
function setHolder(ids: Set<string>): PersonalDataHolder & { erased: string[] } {
  const erased: string[] = [];
  return {
    name: 'set',
    erased,
    async accounts() {
      return [...ids].map((accountId) => ({ accountId, updatedAt: '2026-01-01T00:00:00.000Z' }));
    },
    async erase(accountIds) {
      for (const a of accountIds) {
        erased.push(a);
        ids.delete(a);
      }
    },
  };
}

describe('reportPersonalData', () => {
  it('reports every account once in batches of at most 90 and erases only the closed ones', async () => {
    const store = createMemoryStore();
    const ids = new Set(Array.from({ length: 200 }, (_, i) => id(i)));
    const holder = setHolder(ids);
    const closed = new Set([id(3), id(150)]);
    const api = atlassian(closed);
    const run = await reportPersonalData({
      holders: [holder],
      store,
      audit: createAuditLog(store),
      report: api.report,
    });
    expect(run).toEqual({ reported: 200, closed: 2, done: true });
    expect(api.calls).toEqual([90, 90, 20]);
    expect(holder.erased.sort()).toEqual([...closed].sort());
    expect(ids.size).toBe(198);
    // The erasure is audited without naming anyone.
    const entries = [...store.data.entries()].filter(([k]) => k.startsWith('audit:')).map(([, v]) => v);
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(id(3));
    expect(entries[0]).toMatchObject({ actor: 'app', action: 'privacy.erase', after: { accounts: 1 } });
  });

  it('resumes from its cursor after a budget stop or a failed call, and is idempotent when run twice', async () => {
    const store = createMemoryStore();
    const ids = new Set(Array.from({ length: 200 }, (_, i) => id(i)));
    const holder = setHolder(ids);
    const api = atlassian(new Set([id(5), id(199)]));
    let clock = 0;
    // Each call "takes" 30 s: the run stops after one batch with a 20 s budget.
    const slow = async (a: ReportedAccount[]) => {
      clock += 30_000;
      return api.report(a);
    };
    const first = await reportPersonalData({
      holders: [holder],
      store,
      audit: createAuditLog(store),
      report: slow,
      budgetMs: 20_000,
      now: () => clock,
    });
    expect(first).toEqual({ reported: 90, closed: 1, done: false });
    expect(store.data.get(REPORT_CURSOR_KEY)).toEqual({ after: id(89) });
    // The next call fails: nothing lost, the cursor stays.
    await expect(
      reportPersonalData({
        holders: [holder],
        store,
        audit: createAuditLog(store),
        report: async () => {
          throw new Error('503');
        },
      }),
    ).rejects.toThrow('503');
    expect(store.data.get(REPORT_CURSOR_KEY)).toEqual({ after: id(89) });
    const rest = await reportPersonalData({
      holders: [holder],
      store,
      audit: createAuditLog(store),
      report: api.report,
    });
    expect(rest).toEqual({ reported: 110, closed: 1, done: true });
    expect(store.data.get(REPORT_CURSOR_KEY)).toEqual({ after: null });
    // A duplicate delivery of the same pass: the erased accounts are no longer there, nothing more to do.
    const again = await reportPersonalData({
      holders: [holder],
      store,
      audit: createAuditLog(store),
      report: api.report,
    });
    expect(again).toEqual({ reported: 198, closed: 0, done: true });
    expect(holder.erased.sort()).toEqual([id(199), id(5)].sort());
  });

  it('role grants: revokes a closed account from every role, keeps everyone else and the groups', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await changeRoleGrants(
      store,
      audit,
      'dispatcher',
      { grant: { accountIds: [id(1), id(2)], groupIds: ['g1'] } },
      id(9),
    );
    await changeRoleGrants(store, audit, 'technician', { grant: { accountIds: [id(1)] } }, id(9));
    const holder = roleGrantsHolder(store, ['dispatcher', 'technician', 'app-admin']);
    expect((await holder.accounts()).map((a) => a.accountId).sort()).toEqual([id(1), id(2)]);
    await holder.erase([id(1)]);
    await holder.erase([id(1)]); // idempotent
    expect(store.data.get('roles:dispatcher')).toMatchObject({ accountIds: [id(2)], groupIds: ['g1'] });
    expect(store.data.get('roles:technician')).toMatchObject({ accountIds: [] });
  });

  it('audit log: a closed account becomes a placeholder in every entry naming it; the entries stay', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await audit.append({
      actor: id(1),
      action: 'roles.update',
      outcome: 'changed',
      target: 'dispatcher',
      after: { accountIds: [id(2), id(3)] },
    });
    await audit.append({ actor: id(3), action: 'config.update', outcome: 'changed' });
    await store.create(auditKey(new Date(0)), {
      at: new Date(0).toISOString(),
      actor: 'app',
      action: 'x',
      outcome: 'changed',
    });
    const holder = auditLogHolder(store);
    expect((await holder.accounts()).map((a) => a.accountId).sort()).toEqual([id(1), id(2), id(3)]);
    await holder.erase([id(3)]);
    const entries = [...store.data.entries()].filter(([k]) => k.startsWith('audit:'));
    expect(entries).toHaveLength(3);
    expect(JSON.stringify(entries)).not.toContain(id(3));
    expect(JSON.stringify(entries)).toContain(CLOSED_ACCOUNT);
    expect(JSON.stringify(entries)).toContain(id(2));
    expect((await holder.accounts()).map((a) => a.accountId).sort()).toEqual([id(1), id(2)]);
  });
});

describe('personalDataTrigger', () => {
  it('runs only for its own scheduled event; another module, a user or a malformed event is refused, nothing run', async () => {
    const store = createMemoryStore();
    const ids = new Set([id(1)]);
    const holder = setHolder(ids);
    const api = atlassian(new Set([id(1)]));
    const handler = personalDataTrigger('privacy-report', () => ({
      holders: [holder],
      store,
      audit: createAuditLog(store),
      report: api.report,
    }));
    for (const event of [
      undefined,
      {},
      { context: { cloudId: 'c', moduleKey: 'other' } },
      { context: { cloudId: 'c', moduleKey: 'privacy-report', accountId: id(2) } },
    ]) {
      expect(await handler(event)).toEqual({ statusCode: 400 });
    }
    expect(api.calls).toEqual([]);
    expect(await handler({ context: { cloudId: 'c', moduleKey: 'privacy-report' } })).toEqual({
      statusCode: 200,
    });
    expect(holder.erased).toEqual([id(1)]);
  });
});
