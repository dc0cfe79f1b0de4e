import { describe, expect, it } from 'vitest';
import { auditKey, createAuditLog, readRoleGrants, redactSecrets, writeRoleGrants } from '../src/index';
import { createMemoryStore } from '../src/testing/index';

describe('audit log', () => {
  it('appends entries and lists them newest first', async () => {
    const store = createMemoryStore();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const audit = createAuditLog(store, () => {
      t += 1_000;
      return new Date(t);
    });
    await audit.append({ actor: 'a', action: 'one', outcome: 'changed' });
    await audit.append({ actor: 'a', action: 'two', outcome: 'changed' });
    await audit.append({ actor: 'a', action: 'three', outcome: 'denied', reason: 'why' });
    const page = await audit.list({ limit: 10 });
    expect(page.entries.map((e) => (e.value as { action: string }).action)).toEqual(['three', 'two', 'one']);
    expect(page.entries[0]?.value).toEqual({
      actor: 'a',
      action: 'three',
      outcome: 'denied',
      reason: 'why',
      at: '2026-01-01T00:00:03.000Z',
    });
  });

  it('pages with a cursor', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    for (let i = 0; i < 5; i++) await audit.append({ actor: 'a', action: `a${i}`, outcome: 'changed' });
    const first = await audit.list({ limit: 3 });
    const second = await audit.list({ limit: 3, cursor: first.cursor });
    expect(first.entries).toHaveLength(3);
    expect(second.entries).toHaveLength(2);
    expect(second.cursor).toBeUndefined();
  });

  it('never overwrites an entry: keys are created with fail-if-exists', async () => {
    const store = createMemoryStore();
    const at = new Date('2026-01-01T00:00:00Z');
    await store.create(auditKey(at, 'same'), { first: true });
    await expect(store.create(auditKey(at, 'same'), { second: true })).rejects.toThrow(/exists/);
    expect(store.data.get(auditKey(at, 'same'))).toEqual({ first: true });
  });

  it('exposes no way to change or delete an entry', () => {
    const audit = createAuditLog(createMemoryStore());
    expect(Object.keys(audit).sort()).toEqual(['append', 'list']);
  });

  it('sorts keys so the newest comes first across the whole time range', () => {
    const older = auditKey(new Date('2020-01-01T00:00:00Z'), 'x');
    const newer = auditKey(new Date('2030-01-01T00:00:00Z'), 'x');
    expect(newer < older).toBe(true);
  });

  it('redacts secret-looking fields in before/after', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    const entry = await audit.append({
      actor: 'admin-1',
      action: 'webhook.update',
      outcome: 'changed',
      before: { url: 'https://a.example.com', secret: 'old-secret' },
      after: { url: 'https://b.example.com', nested: { apiKey: 'k', signingSecret: 's', token: 't' } },
    });
    expect(entry.before).toEqual({ url: 'https://a.example.com', secret: '[redacted]' });
    expect(entry.after).toEqual({
      url: 'https://b.example.com',
      nested: { apiKey: '[redacted]', signingSecret: '[redacted]', token: '[redacted]' },
    });
    expect(JSON.stringify([...store.data.values()])).not.toMatch(/old-secret|"k"|"s"|"t"/);
  });

  it('redactSecrets keeps arrays and scalars', () => {
    expect(redactSecrets([{ password: 'p', name: 'n' }, 3, null])).toEqual([
      { password: '[redacted]', name: 'n' },
      3,
      null,
    ]);
  });
});

describe('role grants', () => {
  it('records who changed a role, before and after', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await writeRoleGrants(
      store,
      audit,
      'dispatcher',
      { accountIds: ['b', 'a', 'a'], groupIds: [] },
      'admin-1',
    );
    expect(await readRoleGrants(store, 'dispatcher')).toEqual({ accountIds: ['a', 'b'], groupIds: [] });
    const [entry] = (await audit.list({ limit: 1 })).entries;
    expect(entry?.value).toMatchObject({
      actor: 'admin-1',
      action: 'roles.update',
      target: 'dispatcher',
      before: { accountIds: [], groupIds: [] },
      after: { accountIds: ['a', 'b'], groupIds: [] },
    });
  });

  it('refuses malformed account ids and writes nothing', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await expect(
      writeRoleGrants(store, audit, 'dispatcher', { accountIds: ['bad id'], groupIds: [] }, 'admin-1'),
    ).rejects.toThrow();
    expect(store.data.size).toBe(0);
  });
});
