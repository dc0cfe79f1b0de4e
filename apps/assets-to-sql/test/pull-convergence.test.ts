/**
 * Two databases fed from one export, each pulling with its own API key: SQLite (the sqlite3 CLI) and PostgreSQL
 * (PGlite). A seeded random schedule mixes creates, updates and deletes in Assets with full and `since` pulls of
 * both clients, advanced a chunk at a time and side by side (the sandbox interleaves their KVS calls), some pulls
 * abandoned half way. Whatever the order, each database ends equal to Assets: same objects, same labels, no link
 * row without its owner. Seeds from SANDBOX_SEEDS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../src/domain/model';
import { createHarness, type Harness, newDbFile, sqlite, unwrap } from './app-support';
import { type PgEngine, startPglite } from './support/db-postgres';

const SEEDS = (process.env.SANDBOX_SEEDS ?? '1,2,3').split(',').map(Number);
const STEPS = 40;

interface PreviewTable {
  name: string;
  objectTypeId: string;
  links: { name: string }[];
}

let h: Harness;
let exportId: string;
let tables: PreviewTable[];

const assets = () => {
  const site = h.sb.sites()[0];
  if (!site) throw new Error('no site');
  return site.assets;
};

/** mulberry32: small, seeded, reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One database and the pull client that feeds it, following the README's recipe. */
interface Client {
  readonly name: string;
  readonly dialect: Dialect;
  readonly key: string;
  exec(sql: string): Promise<void>;
  rows(table: string): Promise<string[]>;
  orphans(table: string, link: string): Promise<number>;
  /** A pull in flight: its query and the next cursor. */
  inFlight?: { query: Record<string, string>; cursor: string | undefined; startedAt: number };
  /** When the last completed pull started (sandbox clock): the next `since`, less a minute of margin. */
  lastCompleteStart?: number;
  pulls: { full: number; since: number; abandoned: number; chunks: number };
}

/** What Assets holds now, per table: `object_id|label`, sorted. */
function assetsRows(table: PreviewTable): string[] {
  const state = assets();
  const { data, length } = state.indexesOfType(Number(table.objectTypeId));
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    const index = data[i] ?? -1;
    if (state.exists(index)) out.push(`${state.workspaceId}:${state.objectId(index)}|${state.label(index)}`);
  }
  return out.sort();
}

async function expectEqualToAssets(client: Client, context: string): Promise<void> {
  for (const table of tables) {
    expect(await client.rows(table.name), `${context}: ${client.name} ${table.name}`).toEqual(
      assetsRows(table),
    );
    for (const link of table.links) expect(await client.orphans(table.name, link.name)).toBe(0);
  }
}

function sqliteClient(key: string): Client {
  const db = newDbFile();
  return {
    name: 'sqlite',
    dialect: 'sqlite',
    key,
    async exec(sql) {
      sqlite(db, sql);
    },
    async rows(table) {
      const exists = sqlite(db, `SELECT COUNT(*) FROM sqlite_master WHERE name = '${table}';`).trim() === '1';
      if (!exists) return [];
      const out = sqlite(db, `SELECT object_id || '|' || COALESCE(label, '') FROM "${table}";`).trim();
      return out === '' ? [] : out.split('\n').sort();
    },
    async orphans(table, link) {
      return Number(
        sqlite(
          db,
          `SELECT COUNT(*) FROM "${link}" l WHERE NOT EXISTS (SELECT 1 FROM "${table}" t WHERE t.object_id = l.object_id);`,
        ).trim(),
      );
    },
    pulls: { full: 0, since: 0, abandoned: 0, chunks: 0 },
  };
}

function pgClient(key: string, pg: PgEngine): Client {
  return {
    name: 'postgresql',
    dialect: 'postgresql',
    key,
    exec: (sql) => pg.exec(sql),
    async rows(table) {
      if ((await pg.scalar(`SELECT to_regclass('"${table}"')::text`)) === null) return [];
      const result = await pg.db.query<{ r: string }>(
        `SELECT object_id || '|' || COALESCE(label, '') AS r FROM "${table}"`,
      );
      return result.rows.map((x) => x.r).sort();
    },
    async orphans(table, link) {
      return Number(
        await pg.scalar(
          `SELECT COUNT(*)::text FROM "${link}" l WHERE NOT EXISTS (SELECT 1 FROM "${table}" t WHERE t.object_id = l.object_id)`,
        ),
      );
    },
    pulls: { full: 0, since: 0, abandoned: 0, chunks: 0 },
  };
}

/** Starts a pull (full, or `since` the last completed one's start less a minute) and takes its first chunk. */
function startPull(client: Client, full: boolean): void {
  const now = h.sb.sandbox.clock.nowMs();
  const since =
    full || client.lastCompleteStart === undefined
      ? full
        ? undefined
        : new Date(now).toISOString() // no earlier pull: the server must run it full
      : new Date(client.lastCompleteStart - 60_000).toISOString();
  client.inFlight = {
    query: { export: exportId, dialect: client.dialect, ...(since ? { since } : {}) },
    cursor: undefined,
    startedAt: now,
  };
  if (since) client.pulls.since++;
  else client.pulls.full++;
}

/** Takes the next chunk of the client's pull and loads it; returns true when the pull completed. */
async function nextChunk(client: Client): Promise<boolean> {
  const flight = client.inFlight;
  if (!flight) return false;
  const response = await h.pull(
    { ...flight.query, ...(flight.cursor ? { cursor: flight.cursor } : {}) },
    client.key,
  );
  expect(response.status, response.body).toBe(200);
  await client.exec(response.body);
  client.pulls.chunks++;
  flight.cursor = response.nextCursor;
  if (flight.cursor) return false;
  client.lastCompleteStart = flight.startedAt;
  client.inFlight = undefined;
  return true;
}

function mutate(rand: () => number, counts: { creates: number; updates: number; deletes: number }): void {
  const state = assets();
  const table = tables[Math.floor(rand() * tables.length)];
  if (!table) return;
  const typeId = Number(table.objectTypeId);
  const label = state.labelAttribute(typeId);
  const { data, length } = state.indexesOfType(typeId);
  const live: number[] = [];
  for (let i = 0; i < length; i++) if (state.exists(data[i] ?? -1)) live.push(data[i] ?? -1);
  const pick = live[Math.floor(rand() * live.length)];
  const roll = rand();
  if (roll < 0.35 || pick === undefined) {
    state.createObject(
      typeId,
      new Map(label ? [[label.id, [`new ${counts.creates}`]]] : []),
      'convergence-test',
    );
    counts.creates++;
  } else if (roll < 0.7 && label) {
    state.updateObject(pick, new Map([[label.id, [`renamed ${counts.updates}`]]]), 'convergence-test');
    counts.updates++;
  } else {
    state.deleteObject(pick);
    counts.deletes++;
  }
}

beforeAll(async () => {
  // Small pages and chunks: a pull takes several chunks, so pulls and changes interleave.
  h = await createHarness({
    objects: 150,
    variables: { A2S_CHUNK_MAX_BYTES: '12000', A2S_PAGE_SIZE: '20', A2S_PULL_RATE_PER_MINUTE: '10000' },
  });
  exportId = unwrap(
    await h.invoke<{ id: string }>('saveExport', {
      name: 'Convergence',
      schemaIds: ['1', '2'],
      dialect: 'postgresql',
    }),
  ).id;
  tables = unwrap(
    await h.invoke<{ tables: PreviewTable[] }>('previewDdl', { id: exportId, dialect: 'sqlite' }),
  ).tables;
}, 300_000); // may include a cold Forge build of the app

afterAll(() => h?.sb.close());

describe('pull: two databases on two keys converge', () => {
  it.each(SEEDS)(
    'seed %i: random full/since pulls, abandoned pulls and changes; both end equal to Assets',
    async (seed) => {
      const rand = random(seed * 7919);
      const newKey = async (label: string) =>
        unwrap(
          await h.invoke<{ key: string }>('createApiKey', {
            label: `${label} ${seed}`,
            exportIds: [exportId],
          }),
        ).key;
      const pg = await startPglite();
      const clients = [sqliteClient(await newKey('sqlite')), pgClient(await newKey('pg'), pg)];
      const counts = { creates: 0, updates: 0, deletes: 0 };
      let checks = 0;
      h.sb.sandbox.setInterleaving({ seed });
      try {
        for (let step = 0; step < STEPS; step++) {
          const roll = rand();
          if (roll < 0.3) {
            for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) mutate(rand, counts);
            continue;
          }
          // Each client: start a pull, abandon it, or take its next chunk — both at once.
          const done = await Promise.all(
            clients.map(async (client) => {
              if (rand() < 0.3) return false; // this client sits this step out
              if (!client.inFlight) {
                startPull(client, rand() < 0.35);
              } else if (rand() < 0.08) {
                client.inFlight = undefined; // the client gives up half way (its chunks stay loaded)
                client.pulls.abandoned++;
                return false;
              }
              return nextChunk(client);
            }),
          );
          void done;
        }
        // No more changes: finish what is in flight, then one `since` pull each — now they must be equal.
        for (const client of clients) {
          while (client.inFlight) await nextChunk(client);
          startPull(client, false);
          while (client.inFlight) await nextChunk(client);
          await expectEqualToAssets(client, `seed ${seed} after a final since pull`);
          checks++;
          // And a full pull leaves it equal too (the sweep removes nothing that should stay).
          startPull(client, true);
          while (client.inFlight) await nextChunk(client);
          await expectEqualToAssets(client, `seed ${seed} after a final full pull`);
          checks++;
        }
      } finally {
        h.sb.sandbox.setInterleaving(undefined);
        await pg.db.close();
      }
      console.log(
        `seed ${seed}: ${counts.creates} creates, ${counts.updates} updates, ${counts.deletes} deletes; ${clients
          .map(
            (c) =>
              `${c.name}: ${c.pulls.full} full + ${c.pulls.since} since pulls (${c.pulls.abandoned} abandoned), ${c.pulls.chunks} chunks`,
          )
          .join('; ')}; ${checks} equality checks passed`,
      );
      expect(counts.deletes).toBeGreaterThan(0);
      expect(clients.every((c) => c.pulls.since > 1 && c.pulls.full > 1)).toBe(true);
    },
    240_000,
  );
});

describe('pull: many pulls of one key at once', () => {
  it('each answers 200, 429 or 503 BUSY with Retry-After, never 500; the database then still converges', async () => {
    const key = unwrap(
      await h.invoke<{ key: string }>('createApiKey', { label: 'stampede', exportIds: [exportId] }),
    ).key;
    h.sb.sandbox.setInterleaving({ seed: 11 });
    let responses: Awaited<ReturnType<Harness['pull']>>[];
    try {
      responses = await Promise.all(
        Array.from({ length: 100 }, () => h.pull({ export: exportId, dialect: 'sqlite' }, key)),
      );
    } finally {
      h.sb.sandbox.setInterleaving(undefined);
    }
    const statuses = responses.map((r) => r.status);
    const busy = responses.filter((r) => r.status === 503);
    console.log(
      `100 pulls of one key at once: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 429).length} × 429, ${busy.length} × 503`,
    );
    // 429: the key's request counter stayed contended (fail closed); 503 BUSY: its baseline did.
    expect(statuses.filter((s) => s !== 200 && s !== 429 && s !== 503)).toEqual([]);
    for (const r of busy) {
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'BUSY' } });
      expect(r.headers['Retry-After']).toEqual(['1']);
    }
    // The stampede left the key's baseline usable: a full pull then a since pull are exact.
    const client = sqliteClient(key);
    startPull(client, true);
    while (client.inFlight) await nextChunk(client);
    mutate(random(5), { creates: 0, updates: 0, deletes: 0 });
    startPull(client, false);
    while (client.inFlight) await nextChunk(client);
    await expectEqualToAssets(client, 'after the stampede');
  }, 240_000);
});
