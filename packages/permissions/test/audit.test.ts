import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditKey,
  changeRoleGrants,
  createAuditLog,
  isSecretField,
  maskUrl,
  readRoleGrants,
  readVersionedRoleGrants,
  redactSecrets,
  replaceRoleGrants,
  UserError,
} from '../src/index';
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
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    expect(Object.keys(audit).sort()).toEqual(['append', 'list', 'prepare']);
    // `prepare` only builds a new entry (for a transaction that also holds the change): it writes nothing and never
    // names an existing key.
    const input = { actor: 'a', action: 'x', outcome: 'changed' as const };
    const [one, two] = [audit.prepare(input), audit.prepare(input)];
    expect(one.key).not.toBe(two.key);
    expect(store.data.size).toBe(0);
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

describe('redaction: real secrets hidden, harmless fields kept', () => {
  const secretNames = [
    'secret',
    'signingSecret',
    'webhook_secret',
    'token',
    'accessToken',
    'refresh-token',
    'password',
    'apiKey',
    'api_key',
    'APIKey',
    'privateKey',
    'tilesApiKey',
    'credentials',
    'signature',
    'Authorization',
    'keyHash',
    'clientSecret',
  ];
  const harmlessNames = [
    'secretCreatedAt',
    'secretRotatedAt',
    'tokenExpiresAt',
    'tokenId',
    'apiKeyRef',
    'tileKeyChanged',
    'tileKeyStored',
    'keyId',
    'key',
    'monkey',
    'tokenizer',
    'passwordUpdatedAt',
    'previousAcceptedForHours',
    'url',
    'name',
  ];

  it.each(secretNames)('%s is a secret field', (name) => expect(isSecretField(name)).toBe(true));
  it.each(harmlessNames)('%s is not', (name) => expect(isSecretField(name)).toBe(false));

  it('any secret word, with any prefix and casing, is redacted wherever it is nested', () => {
    const word = fc.constantFrom('secret', 'token', 'password', 'credential', 'signature', 'apiKey');
    const prefix = fc.constantFrom('', 'signing', 'webhook', 'current', 'previous', 'access');
    const style = fc.constantFrom('camel', 'snake', 'kebab', 'upper');
    fc.assert(
      fc.property(prefix, word, style, fc.string({ minLength: 8 }), (p, w, st, value) => {
        const parts = [p, w].filter(Boolean);
        const name =
          st === 'camel'
            ? parts.map((x, i) => (i === 0 ? x : x[0]?.toUpperCase() + x.slice(1))).join('')
            : st === 'snake'
              ? parts.join('_').toLowerCase()
              : st === 'kebab'
                ? parts.join('-').toLowerCase()
                : parts.join('_').toUpperCase();
        const out = JSON.stringify(redactSecrets({ a: [{ b: { [name]: value } }] }));
        expect(out).not.toContain(JSON.stringify(value).slice(1, -1) || '\u0000');
        expect(out).toContain('[redacted]');
      }),
    );
  });

  it('metadata about a secret (when, which, how many) stays readable', () => {
    const word = fc.constantFrom('Secret', 'Token', 'Password', 'ApiKey');
    const meta = fc.constantFrom('CreatedAt', 'RotatedAt', 'ExpiresAt', 'Id', 'Count', 'Version', 'Ref');
    fc.assert(
      fc.property(word, meta, fc.string(), (w, m, value) => {
        const name = `${w[0]?.toLowerCase()}${w.slice(1)}${m}`;
        expect(redactSecrets({ [name]: value })).toEqual({ [name]: maskUrl(value) });
      }),
    );
  });

  it('masks every query value, the fragment and user info of a URL, keeping host and path', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/);
    const name = fc.constantFrom('token', 't', 'sig', 'code', 'format');
    fc.assert(
      fc.property(token, name, token, (value, param, other) => {
        const url = `https://hooks.example.com/in/${other}?${param}=${value}&x=${other}`;
        const masked = maskUrl(url);
        expect(masked).toBe(`https://hooks.example.com/in/${other}?${param}=••••&x=••••`);
        expect(redactSecrets({ endpoint: url })).toEqual({ endpoint: masked });
      }),
    );
    expect(maskUrl('https://u:p@h.example.com/a#frag')).toBe('https://••••@h.example.com/a#••••');
    expect(maskUrl('https://h.example.com/a')).toBe('https://h.example.com/a');
    expect(maskUrl('not a url ?token=x')).toBe('not a url ?token=x');
  });
});

describe('role grants', () => {
  it('records who changed a role, before and after', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await replaceRoleGrants(
      store,
      audit,
      'dispatcher',
      { accountIds: ['b', 'a', 'a'], groupIds: [] },
      0,
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
      replaceRoleGrants(store, audit, 'dispatcher', { accountIds: ['bad id'], groupIds: [] }, 0, 'admin-1'),
    ).rejects.toThrow();
    expect(store.data.size).toBe(0);
  });

  it('applies grants and revokes to what is stored, with one audit entry per change and none for a no-op', async () => {
    const store = createMemoryStore({ 'roles:agent': { accountIds: ['b', 'a'], groupIds: ['g1'] } });
    const audit = createAuditLog(store);
    const first = await changeRoleGrants(
      store,
      audit,
      'agent',
      { grant: { accountIds: ['c'] }, revoke: { accountIds: ['a'], groupIds: ['g1'] } },
      'admin-1',
    );
    expect(first).toEqual({ accountIds: ['b', 'c'], groupIds: [], version: 1, changed: true });
    expect(await readRoleGrants(store, 'agent')).toEqual({ accountIds: ['b', 'c'], groupIds: [] });
    const again = await changeRoleGrants(store, audit, 'agent', { grant: { accountIds: ['c'] } }, 'admin-2');
    expect(again).toMatchObject({ version: 1, changed: false });
    const entries = (await audit.list({ limit: 10 })).entries.map((e) => e.value);
    expect(entries).toEqual([
      expect.objectContaining({
        actor: 'admin-1',
        action: 'roles.update',
        target: 'agent',
        before: { accountIds: ['b', 'a'], groupIds: ['g1'] },
        after: { accountIds: ['b', 'c'], groupIds: [] },
      }),
    ]);
  });

  it('refuses a whole-list save from a stale copy with CONFLICT, writing neither grants nor audit', async () => {
    const store = createMemoryStore();
    const audit = createAuditLog(store);
    await changeRoleGrants(store, audit, 'agent', { grant: { accountIds: ['a'] } }, 'admin-1');
    const seen = await readVersionedRoleGrants(store, 'agent');
    expect(seen).toEqual({ accountIds: ['a'], groupIds: [], version: 1 });
    // Someone else grants b after this admin loaded the page…
    await changeRoleGrants(store, audit, 'agent', { grant: { accountIds: ['b'] } }, 'admin-2');
    const before = new Map(store.data);
    // …so a save of the admin's copy (which lacks b) must not drop b.
    const stale = replaceRoleGrants(
      store,
      audit,
      'agent',
      { accountIds: ['a', 'x'], groupIds: [] },
      seen.version,
      'admin-1',
    );
    await expect(stale).rejects.toBeInstanceOf(UserError);
    await expect(stale).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('reload'),
    });
    expect(store.data).toEqual(before);
    const current = await readVersionedRoleGrants(store, 'agent');
    expect(current).toEqual({ accountIds: ['a', 'b'], groupIds: [], version: 2 });
    await replaceRoleGrants(
      store,
      audit,
      'agent',
      { accountIds: ['a', 'x'], groupIds: [] },
      current.version,
      'admin-1',
    );
    expect(await readVersionedRoleGrants(store, 'agent')).toEqual({
      accountIds: ['a', 'x'],
      groupIds: [],
      version: 3,
    });
  });

  it('refuses malformed grant operations and writes nothing', async () => {
    const store = createMemoryStore();
    await expect(
      changeRoleGrants(
        store,
        createAuditLog(store),
        'agent',
        { grant: { accountIds: ['bad id'] } },
        'admin-1',
      ),
    ).rejects.toThrow();
    expect(store.data.size).toBe(0);
  });
});
