/**
 * Killed at any storage step, a pull loses and duplicates nothing. The sandbox crashes one KVS call of the app —
 * before it reaches the store, or after it was stored with the answer lost — at every step of a full pull and of a
 * `since` pull in turn; the client does what the README tells it (retry the same request on a 5xx), and the
 * database is compared with one fed by an uninterrupted pull (full) or with Assets (since).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, newDbFile, type PullResponse, sqlite, unwrap } from './app-support';

const APP = 'assets-to-sql';
let h: Harness;
let exportId: string;
let tables: { name: string; objectTypeId: string }[];
const totals = { faults: 0, runs: 0, lost: 0, extra: 0, retries: 0 };

const assets = () => {
  const site = h.sb.sites()[0];
  if (!site) throw new Error('no site');
  return site.assets;
};

/** Every table's rows but the run marker, one string per row: equal databases give equal sets. */
function rowsOf(db: string): Set<string> {
  const names = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;")
    .trim()
    .split('\n')
    .filter((n) => n !== '');
  const out = new Set<string>();
  for (const name of names) {
    const columns = sqlite(db, `SELECT name FROM pragma_table_info('${name}') WHERE name <> 'a2s_run_ms';`)
      .trim()
      .split('\n')
      .map((c) => `"${c}"`)
      .join(', ');
    for (const row of sqlite(db, `SELECT ${columns} FROM "${name}";`).trim().split('\n')) {
      if (row !== '') out.add(`${name}|${row}`);
    }
  }
  return out;
}

function compare(actual: Set<string>, expected: Set<string>): { lost: number; extra: number } {
  let lost = 0;
  let extra = 0;
  for (const row of expected) if (!actual.has(row)) lost++;
  for (const row of actual) if (!expected.has(row)) extra++;
  return { lost, extra };
}

/** Objects of every exported table as Assets has them: `table|object_id|label`. */
function assetsView(): Set<string> {
  const state = assets();
  const out = new Set<string>();
  for (const table of tables) {
    const { data, length } = state.indexesOfType(Number(table.objectTypeId));
    for (let i = 0; i < length; i++) {
      const index = data[i] ?? -1;
      if (state.exists(index))
        out.add(`${table.name}|${state.workspaceId}:${state.objectId(index)}|${state.label(index)}`);
    }
  }
  return out;
}

function dbView(db: string): Set<string> {
  const out = new Set<string>();
  for (const table of tables) {
    const rows = sqlite(db, `SELECT object_id || '|' || COALESCE(label, '') FROM "${table.name}";`).trim();
    for (const row of rows.split('\n')) if (row !== '') out.add(`${table.name}|${row}`);
  }
  return out;
}

/** The documented client: follow X-Next-Cursor, load each chunk, retry the same request after a 5xx. */
async function pullInto(db: string, key: string, since?: string): Promise<PullResponse[]> {
  const chunks: PullResponse[] = [];
  let cursor: string | undefined;
  for (let request = 0; request < 200; request++) {
    const query = {
      export: exportId,
      dialect: 'sqlite',
      ...(since ? { since } : {}),
      ...(cursor ? { cursor } : {}),
    };
    const response = await h.pull(query, key);
    if (response.status >= 500) {
      totals.retries++;
      continue;
    }
    expect(response.status, response.body).toBe(200);
    sqlite(db, response.body);
    chunks.push(response);
    cursor = response.nextCursor;
    if (!cursor) return chunks;
  }
  throw new Error('the pull did not finish in 200 requests');
}

const newKey = async (label: string) =>
  unwrap(await h.invoke<{ key: string }>('createApiKey', { label, exportIds: [exportId] })).key;

/** KVS calls one uninterrupted pull makes (a crash rule that never fires counts them). */
async function stepsOf(run: () => Promise<unknown>): Promise<number> {
  const counter = h.sb.sandbox.setStorageCrash({
    at: Number.MAX_SAFE_INTEGER,
    when: 'before',
    kind: 'throw',
    app: APP,
  });
  await run();
  h.sb.sandbox.setStorageCrash(undefined);
  return counter?.calls ?? 0;
}

beforeAll(async () => {
  // Each crash makes the app log `pull.failed` (by design); hundreds of them would bury the figures.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  // Few objects, small pages and chunks: a pull is several chunks, and every one of its steps gets a crash.
  h = await createHarness({
    objects: 50,
    variables: { A2S_CHUNK_MAX_BYTES: '6000', A2S_PAGE_SIZE: '15', A2S_PULL_RATE_PER_MINUTE: '10000' },
  });
  exportId = unwrap(
    await h.invoke<{ id: string }>('saveExport', { name: 'Faults', schemaIds: ['1'], dialect: 'sqlite' }),
  ).id;
  tables = unwrap(
    await h.invoke<{ tables: { name: string; objectTypeId: string }[] }>('previewDdl', {
      id: exportId,
      dialect: 'sqlite',
    }),
  ).tables;
}, 300_000); // may include a cold Forge build of the app

afterAll(() => {
  vi.restoreAllMocks();
  console.log(
    `pull faults: ${totals.faults} crashes injected, ${totals.runs} runs compared, ${totals.retries} retried requests, ${totals.lost} rows lost, ${totals.extra} rows extra`,
  );
  h?.sb.close();
});

describe('pull: a crash at any storage step', () => {
  it('full pull: every step, before and after the write — the database equals an uninterrupted pull', async () => {
    const reference = newDbFile();
    const referenceKey = await newKey('reference');
    const steps = await stepsOf(() => pullInto(reference, referenceKey));
    const expected = rowsOf(reference);
    expect(steps).toBeGreaterThan(20);
    expect(expected.size).toBeGreaterThan(30);
    for (let at = 1; at <= steps; at++) {
      for (const when of ['before', 'after'] as const) {
        const db = newDbFile();
        const key = await newKey(`full ${at} ${when}`);
        const crash = h.sb.sandbox.setStorageCrash({ at, when, kind: 'throw', app: APP });
        await pullInto(db, key);
        h.sb.sandbox.setStorageCrash(undefined);
        expect(crash?.fired, `step ${at} ${when}`).toBe(true);
        const { lost, extra } = compare(rowsOf(db), expected);
        totals.faults++;
        totals.runs++;
        totals.lost += lost;
        totals.extra += extra;
        expect({ at, when, crashed: crash?.crashed, lost, extra }).toEqual({
          at,
          when,
          crashed: crash?.crashed,
          lost: 0,
          extra: 0,
        });
      }
    }
  }, 600_000);

  it('since pull: every step — creates, updates and deletes all arrive, and the next pull still agrees', async () => {
    const state = assets();
    const table = tables[0];
    if (!table) throw new Error('no table');
    const typeId = Number(table.objectTypeId);
    const label = state.labelAttribute(typeId);
    if (!label) throw new Error('no label attribute');
    let changes = 0;
    const change = () => {
      const { data, length } = state.indexesOfType(typeId);
      const live: number[] = [];
      for (let i = 0; i < length; i++) if (state.exists(data[i] ?? -1)) live.push(data[i] ?? -1);
      changes++;
      state.deleteObject(live[changes % live.length] ?? -1);
      const renamed = live[(changes + 3) % live.length] ?? -1;
      if (state.exists(renamed))
        state.updateObject(renamed, new Map([[label.id, [`renamed ${changes}`]]]), 't');
      state.createObject(typeId, new Map([[label.id, [`created ${changes}`]]]), 't');
    };
    /** A database that holds a complete pull, then Assets changes: what a since pull must carry. */
    const prepared = async (name: string) => {
      const db = newDbFile();
      const key = await newKey(name);
      await pullInto(db, key);
      const since = new Date(h.sb.sandbox.clock.nowMs() - 60_000).toISOString();
      change();
      return { db, key, since };
    };
    const probe = await prepared('since probe');
    const steps = await stepsOf(() => pullInto(probe.db, probe.key, probe.since));
    expect(dbView(probe.db)).toEqual(assetsView());
    expect(steps).toBeGreaterThan(20);
    for (let at = 1; at <= steps; at++) {
      for (const when of ['before', 'after'] as const) {
        const { db, key, since } = await prepared(`since ${at} ${when}`);
        const crash = h.sb.sandbox.setStorageCrash({ at, when, kind: 'throw', app: APP });
        await pullInto(db, key, since);
        h.sb.sandbox.setStorageCrash(undefined);
        expect(crash?.fired, `step ${at} ${when}`).toBe(true);
        const { lost, extra } = compare(dbView(db), assetsView());
        totals.faults++;
        totals.runs++;
        totals.lost += lost;
        totals.extra += extra;
        expect({ at, when, crashed: crash?.crashed, lost, extra }).toEqual({
          at,
          when,
          crashed: crash?.crashed,
          lost: 0,
          extra: 0,
        });
        // The baseline survived the crash: after one more change, the next since pull is exact too.
        change();
        await pullInto(db, key, since);
        expect(dbView(db), `after step ${at} ${when}`).toEqual(assetsView());
        totals.runs++;
      }
    }
  }, 900_000);
});
