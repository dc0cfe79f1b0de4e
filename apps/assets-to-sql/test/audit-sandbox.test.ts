/**
 * The audit log cannot be skipped or flooded (SECURITY.md "Audit log"), in the sandbox running the built app:
 * every admin change and its audit entry land in one KVS transaction, whichever storage step crashes; denied calls
 * add one entry per actor and action per window, with a count; URLs with query tokens are shown masked; a new
 * destination host gets a new signing secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectiveSecrets } from '../src/domain/webhook';
import { createHarness, type Harness, unwrap } from './app-support';

const HOST = 'https://hooks.example.com';
const TOKEN = 'tok_9f8e7d6c5b4a39281706';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ objects: 20 });
}, 600_000); // may include a cold Forge build of the app (slow on a loaded machine)
afterAll(() => h?.sb.close());

type Dump = { keys: Record<string, unknown>; secrets: Record<string, unknown> };
const dump = () => h.kvsDump() as Dump;
const call = <T = unknown>(fn: string, payload: unknown = {}, as?: string) => h.invoke<T>(fn, payload, as);

async function newExport(name: string, path: string): Promise<{ id: string; secret: string }> {
  const id = unwrap(
    await call<{ id: string }>('saveExport', { name, schemaIds: ['1'], dialect: 'sqlite' }),
  ).id;
  const saved = unwrap(
    await call<{ secret?: string }>('saveDestination', {
      exportId: id,
      url: `${HOST}${path}?token=${TOKEN}`,
    }),
  );
  return { id, secret: saved.secret ?? '' };
}

/** What a call changed: non-audit keys whose value differs, and audit entries added. */
function diff(before: Dump, after: Dump) {
  const changed = Object.keys({ ...before.keys, ...after.keys }).filter(
    (k) => !k.startsWith('audit:') && JSON.stringify(before.keys[k]) !== JSON.stringify(after.keys[k]),
  );
  // Change entries only: a crash inside the permission check is a denial, counted in its own entry.
  const entries = Object.keys(after.keys).filter(
    (k) =>
      k.startsWith('audit:') &&
      !(k in before.keys) &&
      (after.keys[k] as { outcome?: string } | undefined)?.outcome !== 'denied',
  );
  return { changed, entries };
}

describe('every admin change and its audit entry: both or neither, whichever storage step crashes', () => {
  type Make = (id: string, keyId: string) => unknown;
  const changes: [string, string, Make][] = [
    ['saveDestination', 'saveDestination', (id) => ({ exportId: id, url: `${HOST}/moved?token=${TOKEN}` })],
    [
      'saveDestination to a new host',
      'saveDestination',
      (id) => ({ exportId: id, url: 'https://new.example.org/in' }),
    ],
    ['rotateSecret', 'rotateSecret', (id) => ({ exportId: id, graceHours: 1 })],
    ['pauseDestination', 'pauseDestination', (id) => ({ exportId: id })],
    ['setSchedule', 'setSchedule', (id) => ({ exportId: id, interval: 'daily' })],
    ['revokeApiKey', 'revokeApiKey', (_id, keyId) => ({ id: keyId })],
    ['createApiKey', 'createApiKey', (id) => ({ label: 'crash', exportIds: [id] })],
    ['runExport', 'runExport', (id) => ({ id })],
  ];
  let n = 0;
  /** A fresh export with a destination and an API key, so every attempt is a change. */
  async function fresh(make: Make) {
    const { id } = await newExport(`Crash ${++n}`, `/in/crash-${n}`);
    const keyId = unwrap(await call<{ id: string }>('createApiKey', { label: 'k', exportIds: [id] })).id;
    return make(id, keyId);
  }

  it.each(changes)(
    '%s',
    async (_name, fn, make) => {
      const probe = await fresh(make);
      const counter = h.sb.sandbox.setStorageCrash({
        at: Number.MAX_SAFE_INTEGER,
        when: 'before',
        kind: 'throw',
      });
      expect(await call(fn, probe), `${fn} succeeds without a crash`).toMatchObject({ ok: true });
      h.sb.sandbox.setStorageCrash(undefined);
      const steps = counter?.calls ?? 0;
      expect(steps).toBeGreaterThan(1);
      let crashed = 0;
      for (let at = 1; at <= steps; at++) {
        for (const when of ['before', 'after'] as const) {
          const payload = await fresh(make);
          const before = dump();
          const crash = h.sb.sandbox.setStorageCrash({ at, when, kind: 'throw' });
          await call(fn, payload);
          h.sb.sandbox.setStorageCrash(undefined);
          if (crash?.fired) crashed++;
          const { changed, entries } = diff(before, dump());
          // The run's bookkeeping after its record (push state) is not the change the entry records.
          const relevant = changed.filter((k) => !k.startsWith('push-state:'));
          // No change without its entry, no entry without its change.
          expect({ at, when, crashed: crash?.crashed, audited: entries.length > 0 }).toEqual({
            at,
            when,
            crashed: crash?.crashed,
            audited: relevant.length > 0,
          });
        }
      }
      expect(crashed).toBeGreaterThan(0);
    },
    300_000,
  );
});

describe('a committed rotation is the only one that signs', () => {
  it('a pending secret counts only once the destination names it', () => {
    const secrets = {
      current: 'old',
      pending: { secret: 'new', createdAt: '2026-12-03T10:00:00.000Z', graceHours: 2 },
    };
    expect(effectiveSecrets(secrets, '2026-12-01T00:00:00.000Z')).toEqual({ current: 'old' });
    expect(effectiveSecrets(secrets, '2026-12-03T10:00:00.000Z')).toEqual({
      current: 'new',
      previous: 'old',
      previousUntil: '2026-12-03T12:00:00.000Z',
    });
    expect(
      effectiveSecrets(
        { ...secrets, pending: { ...secrets.pending, graceHours: 0 } },
        '2026-12-03T10:00:00.000Z',
      ),
    ).toEqual({ current: 'new' });
  });
});

describe('query tokens are shown masked; a new host gets a new secret', () => {
  it('destination views mask the token, saving the masked URL back keeps it, and the audit entry has none', async () => {
    const { id } = await newExport('Masked', '/in/masked');
    const masked = `${HOST}/in/masked?token=••••`;
    expect(unwrap(await call<{ url: string }>('getDestination', { exportId: id })).url).toBe(masked);
    const listed = unwrap(await call<{ id: string; destination: { url: string } | null }[]>('listExports'));
    expect(listed.find((e) => e.id === id)?.destination?.url).toBe(masked);
    expect(unwrap(await call<{ destination: { url: string } }>('getRuns', { id })).destination.url).toBe(
      masked,
    );
    // The page sends the masked URL back when only something else changed: the stored token stays.
    const saved = unwrap(
      await call<{ url: string; secret?: string }>('saveDestination', { exportId: id, url: masked }),
    );
    expect(saved.secret).toBeUndefined();
    expect((dump().keys[`destination:${id}`] as { url: string }).url).toBe(
      `${HOST}/in/masked?token=${TOKEN}`,
    );
    for (const [k, v] of Object.entries(dump().keys)) {
      if (k.startsWith('audit:')) expect(JSON.stringify(v)).not.toContain(TOKEN);
    }
    // Any response of the admin page: no token.
    for (const [fn, payload] of [
      ['getDestination', { exportId: id }],
      ['listExports', {}],
      ['getRuns', { id }],
    ] as const) {
      expect(JSON.stringify(await call(fn, payload))).not.toContain(TOKEN);
    }
  }, 60_000);

  it('moving the destination to a new host rotates the signing secret, shows it once, and audits it', async () => {
    const { id, secret } = await newExport('Moved', '/in/moved');
    const before = dump().keys[`destination:${id}`] as { secretCreatedAt: string };
    // Same host, other path: the secret stays.
    const samehost = unwrap(
      await call<{ secret?: string }>('saveDestination', { exportId: id, url: `${HOST}/in/elsewhere` }),
    );
    expect(samehost.secret).toBeUndefined();
    expect((dump().keys[`destination:${id}`] as { secretCreatedAt: string }).secretCreatedAt).toBe(
      before.secretCreatedAt,
    );
    await new Promise((r) => setTimeout(r, 5));
    const moved = unwrap(
      await call<{ secret?: string; origin: string; secretCreatedAt: string }>('saveDestination', {
        exportId: id,
        url: 'https://new.example.org/in',
      }),
    );
    expect(moved.origin).toBe('https://new.example.org');
    expect(moved.secret).toMatch(/^whsec_/);
    expect(moved.secret).not.toBe(secret);
    expect(moved.secretCreatedAt).not.toBe(before.secretCreatedAt);
    // Shown once: not in any later answer.
    expect(JSON.stringify(await call('getDestination', { exportId: id }))).not.toContain(
      (moved.secret ?? '').slice(6),
    );
    const audited = Object.entries(dump().keys)
      .filter(([k]) => k.startsWith('audit:'))
      .map(([, v]) => v as { action: string; target?: string; after?: Record<string, unknown> })
      .filter((e) => e.target === id && e.action === 'destination.update');
    expect(audited.some((e) => e.after?.secretRotated === 'new host')).toBe(true);
    expect(audited.every((e) => e.after?.secretCreatedAt !== '[redacted]')).toBe(true);
  }, 60_000);
});

describe('denied calls cannot flood the log', () => {
  it('1,000 denied calls from an agent, 20 at a time under interleaving: one entry per action, counting all', async () => {
    const before = Object.keys(dump().keys).filter((k) => k.startsWith('audit:')).length;
    h.sb.sandbox.setInterleaving({ seed: 7 });
    try {
      for (let batch = 0; batch < 50; batch++) {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            call(i % 2 === 0 ? 'listExports' : 'listApiKeys', {}, h.agent),
          ),
        );
        expect(results.every((r) => !r.ok)).toBe(true);
      }
    } finally {
      h.sb.sandbox.setInterleaving(undefined);
    }
    const entries = Object.entries(dump().keys)
      .filter(([k]) => k.startsWith('audit:'))
      .map(([, v]) => v as { actor: string; action: string; outcome: string; count?: number });
    const denied = entries.filter((e) => e.outcome === 'denied' && e.actor === h.agent);
    // Two actions; a window boundary during the run could split each in two.
    expect(entries.length - before).toBeLessThanOrEqual(4);
    expect(denied.length).toBeLessThanOrEqual(4);
    expect(denied.reduce((n, e) => n + (e.count ?? 0), 0)).toBe(1_000);
    expect(new Set(denied.map((e) => e.action))).toEqual(new Set(['export.list', 'apiKey.list']));
  }, 240_000);
});
