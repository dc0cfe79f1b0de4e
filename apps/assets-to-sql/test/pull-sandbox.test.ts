/**
 * End to end in the sandbox: the app runs unmodified (bundled, real @forge/* SDK) against an emulated site. An admin
 * creates an export and an API key through the resolvers, then the pull web trigger is followed chunk by chunk and
 * the SQL is loaded into SQLite with the sqlite3 CLI and compared with the emulated Assets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, newDbFile, sqlite, unwrap } from './app-support';

interface Attribute {
  id: string;
  name: string;
  kind: string;
  system: boolean;
  label: boolean;
  maximumCardinality: number;
  referenceObjectTypeId?: string;
  column: string;
}

interface Drift {
  target: 'pull' | 'push';
  since: string | null;
  changes: string[];
}

interface PreviewTable {
  name: string;
  objectTypeId: string;
  links: { name: string; attributeId: string }[];
}

let h: Harness;
let exportId: string;
let key: string;
let keyId: string;
let tables: PreviewTable[];
let workspaceId: string;

const assets = () => {
  const site = h.sb.sites()[0];
  if (!site) throw new Error('no site');
  return site.assets;
};

beforeAll(async () => {
  // Small chunks and pages, so a few hundred objects still take many pages and chunks.
  h = await createHarness({ objects: 240, variables: { A2S_CHUNK_MAX_BYTES: '30000', A2S_PAGE_SIZE: '40' } });
  workspaceId = assets().workspaceId;
}, 300_000); // may include a cold Forge build of the app

afterAll(() => h?.sb.close());

/** The version an admin's copy of the export is at (what the admin page sends back with a save). */
async function versionOf(id: string): Promise<number> {
  const found = unwrap(await h.invoke<{ id: string; version: number }[]>('listExports')).find(
    (e) => e.id === id,
  );
  if (!found) throw new Error(`no export ${id}`);
  return found.version;
}

describe('admin resolvers', () => {
  it('refuses a non-admin agent and stores nothing', async () => {
    for (const [fn, payload] of [
      ['saveExport', { name: 'X', schemaIds: ['1'], dialect: 'sqlite' }],
      ['createApiKey', { label: 'x', exportIds: ['exp-1'] }],
      ['listApiKeys', {}],
      ['getPullEndpoint', {}],
      ['listAttributes', { objectTypeId: '2' }],
      ['previewDdl', { config: { name: 'X', schemaIds: ['1'], dialect: 'sqlite' } }],
    ] as const) {
      const result = await h.invoke(fn, payload, h.agent);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const keys = Object.keys((h.kvsDump() as { keys: Record<string, unknown> }).keys);
    expect(keys.filter((k) => k.startsWith('export:') || k.startsWith('apikey:'))).toEqual([]);
  });

  it('two admins saving one export from the same copy: one is saved, the other gets CONFLICT and writes nothing', async () => {
    const { id } = unwrap(
      await h.invoke<{ id: string }>('saveExport', { name: 'Shared', schemaIds: ['1'], dialect: 'sqlite' }),
    );
    const loaded = await versionOf(id);
    expect(
      await h.invoke('saveExport', { id, name: 'No version', schemaIds: ['1'], dialect: 'sqlite' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('version') },
    });
    const auditBefore = Object.keys((h.kvsDump() as { keys: Record<string, unknown> }).keys).filter((k) =>
      k.startsWith('audit:'),
    ).length;
    h.sb.sandbox.setInterleaving({ seed: 5 });
    let results: Awaited<ReturnType<Harness['invoke']>>[];
    try {
      results = await Promise.all(
        ['Renamed by A', 'Renamed by B'].map((name) =>
          h.invoke('saveExport', { id, version: loaded, name, schemaIds: ['1'], dialect: 'sqlite' }),
        ),
      );
    } finally {
      h.sb.sandbox.setInterleaving(undefined);
    }
    const saved = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(saved).toHaveLength(1);
    expect(refused).toEqual([
      { ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Reload') } },
    ]);
    const winner = results[0]?.ok ? 'Renamed by A' : 'Renamed by B';
    const stored = unwrap(
      await h.invoke<{ id: string; name: string; version: number }[]>('listExports'),
    ).find((e) => e.id === id);
    expect(stored).toMatchObject({ name: winner, version: loaded + 1 });
    const auditAfter = Object.keys((h.kvsDump() as { keys: Record<string, unknown> }).keys).filter((k) =>
      k.startsWith('audit:'),
    ).length;
    expect(auditAfter - auditBefore).toBe(1); // one entry, for the save that happened
  });

  it('lists schemas and object types as the admin sees them (asUser)', async () => {
    const before = h.sb.sandbox.requests.length;
    const schemas = unwrap(await h.invoke<{ id: string; name: string }[]>('listSchemas'));
    expect(schemas.map((s) => s.name)).toEqual(expect.arrayContaining(['IT Assets', 'Facilities']));
    const types = unwrap(
      await h.invoke<{ name: string; abstract: boolean }[]>('listObjectTypes', { schemaId: '1' }),
    );
    expect(types.find((t) => t.name === 'Hardware')?.abstract).toBe(true);
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(['Laptop', 'Server', 'Person']));
    const assetsCalls = h.sb.sandbox.requests.slice(before).filter((r) => r.path.includes('/jsm/assets/'));
    expect(assetsCalls.length).toBeGreaterThan(0);
    expect(assetsCalls.every((r) => r.as === 'user')).toBe(true);
  });

  it('validates exports: zod first, then the schemas must exist', async () => {
    expect(await h.invoke('saveExport', { name: 'X', schemaIds: ['1'], dialect: 'oracle' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await h.invoke('saveExport', { name: 'X', schemaIds: ['999'], dialect: 'sqlite' })).toMatchObject({
      ok: false,
      error: { code: 'UNPROCESSABLE' },
    });
    expect(
      await h.invoke('saveExport', {
        name: 'X',
        schemaIds: ['1'],
        dialect: 'sqlite',
        tableNames: { '2': 'drop table' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('saves an export, previews its DDL and audits the change', async () => {
    exportId = unwrap(
      await h.invoke<{ id: string }>('saveExport', {
        name: 'CMDB',
        schemaIds: ['1', '2'],
        dialect: 'postgresql',
      }),
    ).id;
    const preview = unwrap(
      await h.invoke<{ sql: string; tables: PreviewTable[] }>('previewDdl', {
        id: exportId,
        dialect: 'sqlite',
      }),
    );
    tables = preview.tables;
    expect(tables.length).toBe(8); // every non-abstract type of both schemas
    expect(preview.sql).toMatch(/CREATE TABLE/);
    const listed = unwrap(await h.invoke<{ id: string }[]>('listExports'));
    expect(listed.map((e) => e.id)).toContain(exportId);
    const audit = Object.entries((h.kvsDump() as { keys: Record<string, { action?: string }> }).keys).filter(
      ([k]) => k.startsWith('audit:'),
    );
    expect(audit.some(([, v]) => v.action === 'export.create')).toBe(true);
  });

  it('lists the attributes of a type with the column names the DDL uses', async () => {
    const state = assets();
    const preview = unwrap(
      await h.invoke<{ sql: string }>('previewDdl', { id: exportId, dialect: 'sqlite' }),
    );
    const db = newDbFile();
    sqlite(db, preview.sql);
    const columnsOf = (table: string) =>
      sqlite(db, `SELECT name FROM pragma_table_info('${table}');`).trim().split('\n');
    const fixedColumns = ['object_id', 'object_key', 'label', 'created_at', 'updated_at', 'a2s_run_ms'];
    const before = h.sb.sandbox.requests.length;
    for (const table of tables) {
      const attributes = unwrap(
        await h.invoke<Attribute[]>('listAttributes', { objectTypeId: table.objectTypeId }),
      );
      const defs = state.attributesOf(Number(table.objectTypeId));
      expect(attributes.map((a) => a.id)).toEqual(defs.map((d) => String(d.id)));
      const columns = columnsOf(table.name);
      for (const a of attributes) {
        const def = defs.find((d) => String(d.id) === a.id);
        expect(a).toEqual({
          id: a.id,
          name: def?.name,
          kind: expect.any(String),
          system: def?.system,
          label: def?.label,
          maximumCardinality: def?.maximumCardinality,
          ...(def?.referenceObjectTypeId ? { referenceObjectTypeId: String(def.referenceObjectTypeId) } : {}),
          column: expect.any(String),
        });
        if (a.system || a.label) {
          expect(fixedColumns, a.name).toContain(a.column);
          expect(columns).toContain(a.column);
        } else if (a.maximumCardinality === -1 || a.maximumCardinality > 1) {
          // A multi-valued attribute: its link table, in the preview and in the database.
          expect(table.links.find((l) => l.attributeId === a.id)?.name).toBe(a.column);
          expect(columnsOf(a.column)).toEqual(expect.arrayContaining(['object_id', 'position']));
        } else {
          expect(columns, `${table.name}.${a.name}`).toContain(a.column);
        }
      }
      const named = new Set(attributes.map((a) => a.column));
      // Every column of the table is a system column, an attribute's column or its `_id` companion.
      for (const column of columns) {
        expect(
          fixedColumns.includes(column) || named.has(column) || named.has(column.replace(/_id$/, '')),
          `${table.name}.${column}`,
        ).toBe(true);
      }
    }
    // The admin page reads Assets metadata as the admin (a person is there); only the export itself runs as the app.
    const assetsCalls = h.sb.sandbox.requests.slice(before).filter((r) => r.path.includes('/jsm/assets/'));
    expect(assetsCalls.some((r) => /\/objecttype\/\d+$/.test(r.path))).toBe(true);
    expect(assetsCalls.every((r) => r.as === 'user')).toBe(true);
    // Kinds come through as the mapping sees them: a reference and a user attribute of Vehicle.
    const vehicle = tables.find((t) => t.name === 'vehicle');
    if (!vehicle) throw new Error('no vehicle table');
    const vehicleAttributes = unwrap(
      await h.invoke<Attribute[]>('listAttributes', { objectTypeId: Number(vehicle.objectTypeId) }),
    );
    expect(vehicleAttributes.find((a) => a.name === 'Depot')).toMatchObject({
      kind: 'reference',
      column: 'depot_id',
    });
    expect(vehicleAttributes.find((a) => a.name === 'Driver')).toMatchObject({
      kind: 'user',
      column: 'driver',
    });
  });

  it('listAttributes: bad ids are INVALID_INPUT, unknown types NOT_FOUND, abstract types have no columns', async () => {
    for (const payload of [
      {},
      { objectTypeId: 'abc' },
      { objectTypeId: '../2' },
      { objectTypeId: -1 },
      { objectTypeId: '2', extra: true },
    ]) {
      expect(await h.invoke('listAttributes', payload), JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(await h.invoke('listAttributes', { objectTypeId: '99999' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const hardware = unwrap(await h.invoke<Attribute[]>('listAttributes', { objectTypeId: '1' }));
    expect(hardware.length).toBeGreaterThan(0);
    expect(hardware.every((a) => a.column === null)).toBe(true);
  });

  it('creates an API key once: only its hash is kept, in secret storage, and it is never listed', async () => {
    const created = unwrap(
      await h.invoke<{ id: string; key: string }>('createApiKey', { label: 'BI', exportIds: [exportId] }),
    );
    key = created.key;
    keyId = created.id;
    expect(key).toMatch(/^a2s_[A-Za-z0-9_-]{43}$/);
    const listed = unwrap(await h.invoke<{ id: string; prefix: string; status: string }[]>('listApiKeys'));
    expect(listed).toEqual([
      expect.objectContaining({ id: keyId, status: 'active', prefix: `a2s_${keyId}…` }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const dump = h.kvsDump() as { keys: Record<string, unknown>; secrets: Record<string, unknown> };
    expect(JSON.stringify(dump.keys)).not.toContain(key.slice(4));
    expect(Object.keys(dump.secrets)).toContain(`apikey-hash:${keyId}`);
    expect(unwrap(await h.invoke<{ url: string }>('getPullEndpoint')).url).toMatch(/\/x1\//);
  });
});

describe('pull endpoint', () => {
  it('exports everything in chunks that load into SQLite and match Assets', async () => {
    const before = h.sb.sandbox.requests.length;
    const chunks = await h.pullAll({ export: exportId, dialect: 'sqlite' }, key);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.headers['Content-Type']).toEqual(['application/sql; charset=utf-8']);
      expect(Buffer.byteLength(c.body)).toBeLessThan(5 * 1024 * 1024);
    }
    expect(chunks.at(-1)?.nextCursor).toBeUndefined();
    const db = newDbFile();
    sqlite(db, chunks.map((c) => c.body).join(''));

    const state = assets();
    for (const table of tables) {
      const count = Number(sqlite(db, `SELECT COUNT(*) FROM "${table.name}";`).trim());
      expect(count, table.name).toBe(state.objectCount(Number(table.objectTypeId)));
    }
    // A few values: labels and keys, and one multi-valued attribute's link rows.
    const laptop = tables.find((t) => t.name.includes('laptop'));
    if (!laptop) throw new Error('no laptop table');
    const { data, length } = state.indexesOfType(Number(laptop.objectTypeId));
    for (const index of [data[0], data[Math.floor(length / 2)], data[length - 1]]) {
      if (index === undefined) continue;
      const row = sqlite(
        db,
        `SELECT label, object_key FROM "${laptop.name}" WHERE object_id = '${workspaceId}:${state.objectId(index)}';`,
      ).trim();
      expect(row).toBe(`${state.label(index)}|${state.key(index)}`);
    }
    const withLinks = tables.find((t) => t.links.length > 0);
    const link = withLinks?.links[0];
    if (!withLinks || !link) throw new Error('no link table in the seeded mapping');
    const attribute = state.attribute(Number(link.attributeId));
    if (!attribute) throw new Error('no attribute');
    const typeIndexes = state.indexesOfType(Number(withLinks.objectTypeId));
    let expected = 0;
    for (let k = 0; k < typeIndexes.length; k++) {
      const index = typeIndexes.data[k] ?? -1;
      if (state.exists(index)) expected += state.values(index, attribute).length;
    }
    expect(Number(sqlite(db, `SELECT COUNT(*) FROM "${link.name}";`).trim())).toBe(expected);

    // Attribute definitions: fetched once per type for the whole run, never per page or object.
    const log = h.sb.sandbox.requests.slice(before);
    const definitionCalls = log.filter((r) => /\/objecttype\/\d+\/attributes/.test(r.path));
    expect(definitionCalls.length).toBe(tables.length);
    expect(log.filter((r) => /\/object\/\d+/.test(r.path))).toEqual([]);
    const aqlCalls = log.filter((r) => r.path.includes('/object/aql'));
    expect(aqlCalls.length).toBeGreaterThan(chunks.length);
    expect(aqlCalls.every((r) => /startAt=0&maxResults=40&includeAttributes=true/.test(r.path))).toBe(true);
    expect(log.every((r) => r.as === 'app')).toBe(true);
  });

  it('refuses wrong, revoked, expired and unscoped keys', async () => {
    const q = { export: exportId, dialect: 'sqlite' };
    expect((await h.pull(q)).status).toBe(401);
    expect((await h.pull(q, 'a2s_not-a-key')).status).toBe(401);
    expect((await h.pull(q, `a2s_${keyId}${'A'.repeat(31)}`)).status).toBe(401);
    const other = unwrap(
      await h.invoke<{ id: string }>('saveExport', { name: 'Other', schemaIds: ['2'], dialect: 'mysql' }),
    ).id;
    const unscoped = await h.pull({ export: other, dialect: 'sqlite' }, key);
    expect(unscoped.status).toBe(403);
    expect(JSON.parse(unscoped.body)).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });

    const expiring = unwrap(
      await h.invoke<{ key: string }>('createApiKey', {
        label: 'short',
        exportIds: [exportId],
        expiresAt: new Date(Date.now() + 1_000).toISOString(),
      }),
    ).key;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await h.pull(q, expiring)).status).toBe(401);

    const revocable = unwrap(
      await h.invoke<{ id: string; key: string }>('createApiKey', { label: 'r', exportIds: [exportId] }),
    );
    expect(unwrap(await h.invoke('revokeApiKey', { id: revocable.id }))).toMatchObject({ id: revocable.id });
    const revoked = await h.pull(q, revocable.key);
    expect(revoked.status).toBe(401);
    expect(revoked.body).not.toContain(revocable.key);
  });

  it('answers 400 naming the field for a bad dialect, since or cursor, and writes nothing', async () => {
    const first = await h.pull({ export: exportId, dialect: 'sqlite' }, key);
    const cursor = first.nextCursor;
    if (!cursor) throw new Error('expected a cursor');
    const before = JSON.stringify(h.kvsDump());
    const cases: [Record<string, string>, RegExp][] = [
      [{ export: exportId, dialect: 'oracle' }, /dialect/],
      [{ export: exportId, dialect: 'sqlite', since: 'yesterday' }, /since/],
      [{ export: exportId, dialect: 'sqlite', cursor: 'garbage' }, /cursor/],
      [{ export: exportId, dialect: 'sqlite', cursor: `${cursor.slice(0, 5)}x${cursor.slice(6)}` }, /cursor/],
      [{ export: exportId, dialect: 'postgresql', cursor }, /dialect/],
      [{ export: exportId, dialect: 'sqlite', cursor, since: '2025-01-01T00:00:00Z' }, /since/],
      [{ export: '../x', dialect: 'sqlite' }, /export/],
      [{ export: exportId, dialect: 'sqlite', extra: '1' }, /extra: Unknown parameter/],
    ];
    for (const [query, field] of cases) {
      const response = await h.pull(query, key);
      expect(response.status, JSON.stringify(query)).toBe(400);
      const body = JSON.parse(response.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.message).toMatch(field);
    }
    expect((await h.pull({ export: exportId, dialect: 'sqlite' }, key, 'POST')).status).toBe(405);
    expect(JSON.stringify(h.kvsDump())).toBe(before);
  });

  it('incremental: since pulls only objects updated since then', async () => {
    await h.pullAll({ export: exportId, dialect: 'mysql' }, key); // a completed full run for this dialect
    const state = assets();
    h.sb.sandbox.clock.advance(3_600_000);
    const since = new Date(h.sb.sandbox.clock.nowMs() - 60_000).toISOString();
    const person = tables.find((t) => t.name.includes('person'));
    if (!person) throw new Error('no person table');
    const index = state.indexesOfType(Number(person.objectTypeId)).data[3] ?? -1;
    const label = state.labelAttribute(Number(person.objectTypeId));
    if (!label) throw new Error('no label attribute');
    state.updateObject(index, new Map([[label.id, ['Renamed Person']]]), 'test');
    const chunks = await h.pullAll({ export: exportId, dialect: 'mysql', since }, key);
    const sql = chunks.map((c) => c.body).join('');
    expect(sql).toContain('Renamed Person');
    expect((sql.match(/INSERT INTO/g) ?? []).length).toBe(1);
    expect(sql).not.toMatch(/DELETE FROM `/);
  });

  const sqliteDb = newDbFile();

  it("a since pull carries deletions to the key's database; a full pull sweeps whatever else it held", async () => {
    const db = sqliteDb;
    sqlite(db, (await h.pullAll({ export: exportId, dialect: 'sqlite' }, key)).map((c) => c.body).join(''));
    const state = assets();
    const server = tables.find((t) => t.name.includes('server'));
    if (!server) throw new Error('no server table');
    const count = () => Number(sqlite(db, `SELECT COUNT(*) FROM "${server.name}";`).trim());
    const { data } = state.indexesOfType(Number(server.objectTypeId));
    const gone = [data[0], data[2]].filter((i): i is number => i !== undefined);
    const goneIds = gone.map((index) => `'${workspaceId}:${state.objectId(index)}'`);
    for (const index of gone) state.deleteObject(index);
    // Nothing was updated, yet the since pull names exactly the deleted objects.
    const since = new Date(h.sb.sandbox.clock.nowMs() + 60_000).toISOString();
    const incremental = (await h.pullAll({ export: exportId, dialect: 'sqlite', since }, key))
      .map((c) => c.body)
      .join('');
    for (const id of goneIds) expect(incremental).toContain(id);
    expect(incremental).toContain(`${gone.length} deletions`);
    sqlite(db, incremental);
    expect(count()).toBe(state.objectCount(Number(server.objectTypeId)));

    // Rows that did not come from this export (a restored backup, a hand edit) go with the next full pull.
    sqlite(
      db,
      `INSERT INTO "${server.name}" ("object_id", "label") VALUES ('${workspaceId}:999999', 'stray');`,
    );
    const full = (await h.pullAll({ export: exportId, dialect: 'sqlite' }, key)).map((c) => c.body).join('');
    expect(full).toContain(`DELETE FROM "${server.name}" WHERE "a2s_run_ms" IS NULL OR "a2s_run_ms" < `);
    sqlite(db, full);
    expect(count()).toBe(state.objectCount(Number(server.objectTypeId)));
    expect(sqlite(db, `SELECT COUNT(*) FROM "${server.name}" WHERE label = 'stray';`).trim()).toBe('0');
  });

  it('turns configuration drift into ALTER statements in the next run, which the database accepts', async () => {
    const state = assets();
    const laptop = tables.find((t) => t.name.includes('laptop'));
    if (!laptop) throw new Error('no laptop table');
    const serial = state.attributesOf(Number(laptop.objectTypeId)).find((a) => a.name === 'Serial Number');
    if (!serial) throw new Error('no Serial Number attribute');
    unwrap(
      await h.invoke('saveExport', {
        id: exportId,
        version: await versionOf(exportId),
        name: 'CMDB',
        schemaIds: ['1', '2'],
        dialect: 'postgresql',
        columnNames: { [String(serial.id)]: 'serial_no' },
      }),
    );
    const chunks = await h.pullAll({ export: exportId, dialect: 'sqlite' }, key);
    expect(chunks[0]?.body).toMatch(/-- schema change: .*serial_no/);
    expect(chunks[0]?.body).toMatch(/ALTER TABLE "[a-z_]*laptop[a-z_]*" ADD COLUMN "serial_no"/);
    sqlite(sqliteDb, chunks.map((c) => c.body).join(''));
    const filled = Number(sqlite(sqliteDb, `SELECT COUNT(serial_no) FROM "${laptop.name}";`).trim());
    expect(filled).toBe(state.objectCount(Number(laptop.objectTypeId)));
    // The run after that has no drift left.
    const again = await h.pullAll({ export: exportId, dialect: 'sqlite' }, key);
    expect(again[0]?.body).not.toMatch(/ALTER TABLE/);
  });

  it('previewDdl reports drift since the last completed run, and the next pull applies it', async () => {
    const preview = async (dialect: string) =>
      unwrap(await h.invoke<{ sql: string; drift: Drift | null }>('previewDdl', { id: exportId, dialect }));
    const lastSqlite = async () =>
      unwrap(
        await h.invoke<{ id: string; lastRuns: Record<string, { finishedAt: string } | null> }[]>(
          'listExports',
        ),
      ).find((e) => e.id === exportId)?.lastRuns.sqlite?.finishedAt;

    // Right after a completed run: nothing changed. Never pulled in this dialect, or a draft: no drift at all.
    const since = await lastSqlite();
    expect(since).toEqual(expect.any(String));
    expect((await preview('sqlite')).drift).toEqual({ target: 'pull', since, changes: [] });
    expect((await preview('sqlserver')).drift).toBeNull();
    const draft = unwrap(
      await h.invoke<{ drift: Drift | null }>('previewDdl', {
        config: { name: 'Draft', schemaIds: ['1'], dialect: 'sqlite' },
      }),
    );
    expect(draft.drift).toBeNull();

    // Exclude one attribute and rename another column of Laptop.
    const laptop = tables.find((t) => t.name === 'laptop');
    if (!laptop) throw new Error('no laptop table');
    const attributes = unwrap(
      await h.invoke<Attribute[]>('listAttributes', { objectTypeId: laptop.objectTypeId }),
    );
    const byName = (name: string) => {
      const found = attributes.find((a) => a.name === name);
      if (!found) throw new Error(`no ${name} attribute`);
      return found;
    };
    const model = byName('Model');
    const ram = byName('RAM');
    const serial = byName('Serial Number');
    expect(model.column).toBe('model');
    expect(ram.column).toBe('ram');
    unwrap(
      await h.invoke('saveExport', {
        id: exportId,
        version: await versionOf(exportId),
        name: 'CMDB',
        schemaIds: ['1', '2'],
        dialect: 'postgresql',
        columnNames: { [serial.id]: 'serial_no', [model.id]: 'model_name' },
        excludedAttributeIds: [ram.id],
      }),
    );
    const { drift, sql } = await preview('sqlite');
    expect(drift?.since).toBe(since);
    expect(drift?.target).toBe('pull');
    expect(drift?.changes).toHaveLength(2);
    expect(drift?.changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Column "laptop"\."model" is now "model_name" \(attribute "Model"\)/),
        expect.stringMatching(/^Column "laptop"\."ram" \(attribute "RAM"\) is no longer exported/),
      ]),
    );
    expect(sql).toContain('"model_name"');
    expect(sql).not.toContain('"ram"');

    // The next pull: its first chunk lists the same changes and adds the renamed column.
    const chunks = await h.pullAll({ export: exportId, dialect: 'sqlite' }, key);
    const first = chunks[0]?.body ?? '';
    for (const change of drift?.changes ?? []) expect(first).toContain(`-- schema change: ${change}`);
    expect(first).toMatch(/ALTER TABLE "laptop" ADD COLUMN "model_name"/);
    expect(first).not.toMatch(/ADD COLUMN "ram"/);
    sqlite(sqliteDb, chunks.map((c) => c.body).join(''));
    const state = assets();
    expect(Number(sqlite(sqliteDb, 'SELECT COUNT(model_name) FROM "laptop";').trim())).toBe(
      state.objectCount(Number(laptop.objectTypeId)),
    );

    // That run is the new baseline: no drift left, and `since` moved on.
    const after = (await preview('sqlite')).drift;
    expect(after?.changes).toEqual([]);
    expect(after?.since).toBe(await lastSqlite());
    expect(after?.since).not.toBe(since);
  });

  it('survives a 429 storm from Assets, honouring Retry-After', async () => {
    h.sb.sandbox.setFaults([{ pathPrefix: '/jsm/assets', status: 429, retryAfterSeconds: 1, times: 3 }]);
    const before = h.sb.sandbox.requests.length;
    const started = Date.now();
    const chunks = await h.pullAll({ export: exportId, dialect: 'postgresql' }, key);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(chunks.at(-1)?.nextCursor).toBeUndefined();
    const statuses = h.sb.sandbox.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    h.sb.sandbox.setFaults([]);
  });
});
