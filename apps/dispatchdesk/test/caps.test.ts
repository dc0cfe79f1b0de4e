/**
 * The technician cap. Profiles stored before it existed (here every shard filled to its 200 KB limit, ~4.4 MB of
 * profiles with 20 three-byte skills each, ~1,300 of them) must not push a console, ranking or health answer past
 * Forge's 5 MB resolver response limit (the sandbox answers 413 above it); creating a profile past the cap is refused,
 * also under concurrency, while existing profiles stay editable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleData } from '../src/domain/contract';
import {
  SHARD_COUNT,
  SHARD_ENTITY,
  SHARD_MAX_BYTES,
  type StoredTechnician,
  shardKey,
  shardOf,
} from '../src/domain/technicians';
import {
  ADMIN,
  data,
  type Envelope,
  profileOf,
  setUp,
  startSandbox,
  type TestSandbox,
} from './resolvers-support';

/** Forge's resolver response payload limit (sandbox `invocationPayloadBytes`). */
const RESPONSE_LIMIT = 5 * 1024 * 1024;
const CAP = 500;
const FULL = `DispatchDesk already has ${CAP} technician profiles, the most it keeps; no new profile can be added.`;
const SEEDS = (process.env.SANDBOX_SEEDS ?? '1,2,3').split(',').map(Number);

let t: TestSandbox;
let dispatcher: string;
let admin: string;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const scope = () => t.sb.sandbox.kvsScope('dispatchdesk');
const shards = () =>
  (t.sb.kvs.dump(scope()).entities[SHARD_ENTITY] ?? {}) as Record<
    string,
    { version: number; profiles: Record<string, StoredTechnician> }
  >;
const storedCount = () => Object.values(shards()).reduce((n, s) => n + Object.keys(s.profiles).length, 0);

function fakeProfile(accountId: string, big: boolean): StoredTechnician {
  return {
    accountId,
    skills: big ? Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, '€')) : ['HVAC'],
    homeBase: { lat: 51.5, lng: -0.12, name: big ? 'B'.padEnd(120, '€') : 'Base' },
    timeZone: 'UTC',
    hours: {},
    timeOff: [],
    manualPosition: null,
    updatedAt: new Date().toISOString(),
    updatedBy: 'seed',
  };
}

/**
 * Writes profiles straight into the shards, as data stored before the cap would be: `perShard(n)` decides how many
 * fake ones shard n gets (`Infinity`: until it is full). Profiles already stored are kept.
 */
function fillShards(limit: number, big: boolean): number {
  const current = shards();
  const profiles: Record<number, Record<string, StoredTechnician>> = {};
  for (let s = 0; s < SHARD_COUNT; s++) profiles[s] = { ...(current[shardKey(s)]?.profiles ?? {}) };
  let added = 0;
  const full = new Set<number>();
  for (let i = 0; added < limit && full.size < SHARD_COUNT; i++) {
    const id = `712020:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const s = shardOf(id);
    if (full.has(s)) continue;
    const next = { ...profiles[s], [id]: fakeProfile(id, big) };
    if (bytes({ version: 1, profiles: next }) > SHARD_MAX_BYTES - 1_000) {
      full.add(s);
      continue;
    }
    profiles[s] = next;
    added++;
  }
  for (let s = 0; s < SHARD_COUNT; s++) {
    const written = t.sb.kvs.handle(scope(), '/api/v1/entity/set', {
      entityName: SHARD_ENTITY,
      key: shardKey(s),
      value: { version: (current[shardKey(s)]?.version ?? 0) + 1, profiles: profiles[s] },
    });
    if (written.status >= 300) throw new Error(`seed write failed: ${JSON.stringify(written.body)}`);
  }
  return added;
}

function clearShards(): void {
  for (let s = 0; s < SHARD_COUNT; s++) {
    t.sb.kvs.handle(scope(), '/api/v1/entity/delete', { entityName: SHARD_ENTITY, key: shardKey(s) });
  }
}

const technician = (i: number) => t.site.technicians[i] as (typeof t.site.technicians)[number];

beforeAll(async () => {
  t = await startSandbox();
  dispatcher = t.users.dispatcher as string;
  admin = t.users['site-admin'] as string;
  await setUp(t);
  // One real technician has a profile before the shards are filled: editing it must still work at the cap.
  data(await t.invoke('saveTechnician', profileOf(technician(0)), dispatcher));
  fillShards(Number.POSITIVE_INFINITY, true);
}, 600_000);
afterAll(() => t?.close());

describe('technician profiles stored past the cap', () => {
  it('the stored profiles are over the cap and near the shards’ total size', () => {
    expect(storedCount()).toBeGreaterThan(2 * CAP);
    expect(bytes(shards())).toBeGreaterThan(4_000_000);
  });

  it('getConsole answers under the payload limit, with at most 500 technicians and how many were left out', async () => {
    const envelope = await t.invoke<ConsoleData>('getConsole', {}, dispatcher);
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    const console = data(envelope);
    expect(console.technicians).toHaveLength(CAP);
    expect(console.techniciansOmitted).toBeGreaterThanOrEqual(storedCount() - CAP);
    expect(new Set(console.technicians.map((v) => v.accountId)).size).toBe(CAP);
  });

  it('a technician past the cut still gets their own entry in My work', async () => {
    const own = technician(0).accountId;
    const dispatcherView = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    expect(dispatcherView.technicians.map((v) => v.accountId)).not.toContain(own);
    const envelope = await t.invoke<ConsoleData>('getConsole', {}, own);
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    expect(data(envelope).technicians.map((v) => v.accountId)).toEqual([own]);
  });

  it('the health check answers under the payload limit', async () => {
    const envelope = await t.invoke<{ checks?: unknown }>('healthCheck', {}, admin, ADMIN);
    expect(bytes(envelope)).toBeLessThan(RESPONSE_LIMIT);
    expect(envelope.ok).toBe(true);
  });

  it('a new profile at or over the cap is refused naming the limit; an existing profile can still be edited', async () => {
    const before = storedCount();
    for (const [key, payload] of [
      ['saveTechnician', profileOf(technician(1))],
      ['setPosition', { accountId: technician(2).accountId, position: { lat: 51.5, lng: -0.1 } }],
    ] as const) {
      expect(await t.invoke(key, payload, dispatcher)).toEqual({
        ok: false,
        error: { code: 'UNPROCESSABLE', message: FULL },
      });
    }
    // Their own profile too: a technician without one cannot add it at the cap.
    expect(
      await t.invoke('saveTechnician', { ...profileOf(technician(3)), skills: [] }, technician(3).accountId),
    ).toEqual({
      ok: false,
      error: { code: 'UNPROCESSABLE', message: FULL },
    });
    expect(storedCount()).toBe(before);
    const edited = { ...profileOf(technician(0)), skills: ['Edited at the cap'] };
    expect(data(await t.invoke<{ skills: string[] }>('saveTechnician', edited, dispatcher)).skills).toEqual([
      'Edited at the cap',
    ]);
    data(
      await t.invoke(
        'setPosition',
        { accountId: technician(0).accountId, position: { lat: 51.4, lng: -0.2 } },
        dispatcher,
      ),
    );
    expect(storedCount()).toBe(before);
  });
});

describe('the cap under concurrency', () => {
  it.each(SEEDS)('seed %i: concurrent creates near the cap never overshoot it', async (seed) => {
    clearShards();
    expect(fillShards(CAP - 3, false)).toBe(CAP - 3);
    t.sb.sandbox.setInterleaving({ seed });
    let results: Envelope[];
    try {
      results = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) => t.invoke('saveTechnician', profileOf(technician(i)), dispatcher)),
      );
    } finally {
      t.sb.sandbox.setInterleaving(undefined);
    }
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toEqual({ ok: false, error: { code: 'UNPROCESSABLE', message: FULL } });
    }
    expect(storedCount()).toBe(CAP);
  });
});
