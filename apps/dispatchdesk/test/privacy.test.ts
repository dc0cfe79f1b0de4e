/**
 * Personal data lifecycle in the sandbox: a technician profile is deleted by the technician, a dispatcher or an app
 * admin (audited in the same transaction), never by anyone else; and the scheduled personal data report erases
 * what DispatchDesk holds about an account Atlassian reports closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHARD_ENTITY,
  type Shard,
  type StoredTechnician,
  shardKey,
  shardOf,
} from '../src/domain/technicians';
import {
  ADMIN,
  data,
  errorOf,
  saveTechnicians,
  setUp,
  startSandbox,
  type TestSandbox,
} from './resolvers-support';

let t: TestSandbox;
let admin: string;
let dispatcher: string;
let technicians: string[];

const dump = () => t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk'));
const stored = (accountId: string): StoredTechnician | undefined =>
  (dump().entities[SHARD_ENTITY]?.[shardKey(shardOf(accountId))] as Shard | undefined)?.profiles[accountId];
const auditEntries = (action: string) =>
  Object.values(dump().keys).filter((v) => (v as { action?: string }).action === action) as {
    actor: string;
    target?: string;
  }[];

beforeAll(async () => {
  t = await startSandbox();
  admin = t.users['site-admin'] as string;
  dispatcher = t.users.dispatcher as string;
  technicians = t.site.technicians.slice(0, 8).map((x) => x.accountId);
  await setUp(t);
  await saveTechnicians(t, 8);
}, 300_000);
afterAll(() => t?.close());

describe('deleting a technician profile', () => {
  it('a technician deletes their own profile; the audit entry names who and whose, not the content', async () => {
    const me = technicians[0] as string;
    expect(stored(me)).toBeDefined();
    expect(data(await t.invoke('deleteTechnician', { accountId: me }, me))).toEqual({ deleted: true });
    expect(stored(me)).toBeUndefined();
    const entry = auditEntries('technician.delete').find((e) => e.target === me);
    expect(entry).toMatchObject({ actor: me, target: me, outcome: 'changed' });
    expect(JSON.stringify(entry)).not.toContain('timeOff');
    // Again: nothing there, nothing written, no second entry.
    expect(data(await t.invoke('deleteTechnician', { accountId: me }, me))).toEqual({ deleted: false });
    expect(auditEntries('technician.delete').filter((e) => e.target === me)).toHaveLength(1);
  });

  it("a dispatcher deletes anyone's profile from the console, and other profiles in the shard stay", async () => {
    const target = technicians[1] as string;
    const others = technicians.slice(2).map((a) => [a, stored(a)] as const);
    expect(data(await t.invoke('deleteTechnician', { accountId: target }, dispatcher))).toEqual({
      deleted: true,
    });
    expect(stored(target)).toBeUndefined();
    for (const [a, before] of others) expect(stored(a)).toEqual(before);
    expect(auditEntries('technician.delete').find((e) => e.target === target)?.actor).toBe(dispatcher);
  });

  it("an app admin deletes anyone's profile from the admin page", async () => {
    const target = technicians[2] as string;
    expect(data(await t.invoke('deleteTechnician', { accountId: target }, admin, ADMIN))).toEqual({
      deleted: true,
    });
    expect(stored(target)).toBeUndefined();
    expect(auditEntries('technician.delete').find((e) => e.target === target)?.actor).toBe(admin);
  });

  it('another technician, an agent without a DispatchDesk role and a portal customer are refused: nothing deleted', async () => {
    const target = technicians[3] as string;
    const before = JSON.stringify(dump());
    const callers = [technicians[4] as string, t.users.agent as string, t.users.customer as string];
    for (const caller of callers) {
      const error = errorOf(await t.invoke('deleteTechnician', { accountId: target }, caller));
      expect(['FORBIDDEN', 'UNLICENSED', 'UNAUTHENTICATED']).toContain(error.code);
    }
    expect(stored(target)).toBeDefined();
    // Nothing written at all: no profile change, no change token, no technician.delete entry.
    const after = dump();
    expect(auditEntries('technician.delete').find((e) => e.target === target)).toBeUndefined();
    expect(JSON.stringify(after.entities)).toBe(JSON.stringify(JSON.parse(before).entities));
  });

  it('refuses a malformed account id with INVALID_INPUT and deletes nothing', async () => {
    const error = errorOf(await t.invoke('deleteTechnician', { accountId: '../x', extra: 1 }, dispatcher));
    expect(error.code).toBe('INVALID_INPUT');
    expect(stored(technicians[3] as string)).toBeDefined();
  });
});

describe('closed accounts (the daily personal data report)', () => {
  it('reports every stored account id and erases what names a closed account; a second run changes nothing', async () => {
    const closedTech = technicians[5] as string;
    const closedDispatcher = technicians[6] as string;
    const kept = technicians[7] as string;
    // closedDispatcher also holds the dispatcher role by account and edits kept's profile (updatedBy, audit actor).
    data(
      await t.invoke(
        'saveRole',
        { role: 'dispatcher', grant: { accountIds: [closedDispatcher] } },
        admin,
        ADMIN,
      ),
    );
    const keptProfile = data(
      await t.invoke<{ accountId: string }>('getTechnician', { accountId: kept }, dispatcher),
    );
    data(await t.invoke('saveTechnician', keptProfile, closedDispatcher));
    expect(stored(kept)?.updatedBy).toBe(closedDispatcher);
    expect(JSON.stringify(dump())).toContain(closedDispatcher);

    t.sb.sandbox.closeAccount(closedTech);
    t.sb.sandbox.closeAccount(closedDispatcher);
    const before = t.sb.sandbox.requests.length;
    await t.sb.sandbox.fireScheduled('dispatchdesk', 'dispatchdesk-privacy-report');
    const reports = t.sb.sandbox.requests.slice(before).filter((r) => r.path === '/app/report-accounts');
    expect(reports.length).toBeGreaterThanOrEqual(1);
    for (const r of reports) {
      expect(r).toMatchObject({ as: 'app', method: 'POST', status: 200 });
      const sent = JSON.parse(r.body ?? '{}') as { accounts: { accountId: string; updatedAt: string }[] };
      expect(sent.accounts.length).toBeLessThanOrEqual(90);
      for (const a of sent.accounts) expect(Number.isNaN(Date.parse(a.updatedAt))).toBe(false);
    }
    const sentIds = reports.flatMap((r) =>
      (JSON.parse(r.body ?? '{}') as { accounts: { accountId: string }[] }).accounts.map((a) => a.accountId),
    );
    expect(sentIds).toEqual(expect.arrayContaining([closedTech, closedDispatcher, kept, dispatcher, admin]));

    // Nothing stored names either closed account any more: profile gone, grant revoked, audit entries anonymised.
    const after = JSON.stringify(dump());
    expect(after).not.toContain(closedTech);
    expect(after).not.toContain(closedDispatcher);
    expect(stored(closedTech)).toBeUndefined();
    expect(stored(kept)?.updatedBy).toBe('closed-account');
    expect(stored(technicians[4] as string)).toBeDefined();
    const roles = data(
      await t.invoke<{ roles: Record<string, { accountIds: string[]; groupIds: string[] }> }>(
        'getRoles',
        {},
        admin,
        ADMIN,
      ),
    );
    expect(roles.roles.dispatcher?.accountIds).not.toContain(closedDispatcher);
    expect(roles.roles.dispatcher?.groupIds).toContain(t.groupId('dispatchers'));
    expect(auditEntries('privacy.erase')).toHaveLength(1);
    expect(auditEntries('privacy.erase')[0]).toMatchObject({ actor: 'app', after: { accounts: 2 } });

    // At-least-once delivery: the same run again finds nothing to erase and writes no new entry.
    const snapshot = JSON.stringify(dump().entities);
    await t.sb.sandbox.fireScheduled('dispatchdesk', 'dispatchdesk-privacy-report');
    expect(auditEntries('privacy.erase')).toHaveLength(1);
    expect(JSON.stringify(dump().entities)).toBe(snapshot);
  });
});
