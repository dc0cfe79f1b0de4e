// The round trip every real engine must pass: DDL + upserts + link replacement for objects with hostile values,
// read back and compared with the converted rows; re-runs leave identical tables; drift applies.
import { expect, it } from 'vitest';
import { buildMapping, diffMappings, linkColumns, rowsForObject } from '../../src/domain/mapping';
import type {
  AssetsObject,
  Dialect,
  ExportMapping,
  SqlRow,
  SqlType,
  TableMapping,
} from '../../src/domain/model';
import { type ColumnDef, dialectFor } from '../../src/domain/sql/index';
import {
  ATTRIBUTES,
  CONFIG,
  canonical,
  canonicalRead,
  HOSTILE_TEXTS,
  LAPTOP,
  laptopObjects,
  locationObjects,
  TYPES,
  WS,
} from './db-fixtures';

export interface Engine {
  readonly dialect: Dialect;
  /** Loads a script the way a user would (CLI on stdin, or PGlite's simple-query protocol). */
  exec(sql: string): Promise<void>;
  /** Every row of `table`, each column as text in the engine's own rendering (see `canonicalRead`). */
  readTable(table: string, columns: readonly ColumnDef[]): Promise<(string | null)[][]>;
  /** False for SQLite: `ADD COLUMN` cannot be made idempotent there (documented). */
  readonly idempotentAlter: boolean;
}

export const mapping: ExportMapping = buildMapping(WS, TYPES, CONFIG);

export function table(m: ExportMapping, name: string): TableMapping {
  const found = m.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

export interface Converted {
  readonly rows: Map<string, SqlRow[]>;
  readonly links: Map<string, SqlRow[]>;
  readonly owners: Map<string, string[]>;
}

export function convert(m: ExportMapping, objects: readonly AssetsObject[]): Converted {
  const rows = new Map<string, SqlRow[]>();
  const links = new Map<string, SqlRow[]>();
  const owners = new Map<string, string[]>();
  for (const object of objects) {
    const t = m.tables.find((x) => x.objectTypeId === object.objectTypeId);
    if (!t) continue;
    const out = rowsForObject(t, WS, object, ATTRIBUTES);
    rows.set(t.name, [...(rows.get(t.name) ?? []), out.row]);
    for (const link of t.links) {
      links.set(link.name, [...(links.get(link.name) ?? []), ...(out.links[link.name] ?? [])]);
      owners.set(link.name, [...(owners.get(link.name) ?? []), `${WS}:${object.id}`]);
    }
  }
  return { rows, links, owners };
}

/** Upserts plus link replacement for every table: one "chunk" of an export. */
export function dataScript(dialect: Dialect, m: ExportMapping, data: Converted): string {
  const sql = dialectFor(dialect);
  let out = '';
  for (const t of m.tables) {
    out += sql.upsert(t, data.rows.get(t.name) ?? []);
    for (const link of t.links)
      out += sql.replaceLinks(link, data.owners.get(link.name) ?? [], data.links.get(link.name) ?? []);
  }
  return out;
}

const sortKey = (row: readonly (string | null)[]): string =>
  `${row[0] ?? ''}\u0000${String(row[1] ?? '').padStart(20, '0')}`;

/** Canonical rows as read from the engine, sorted by key. */
export async function snapshot(
  engine: Engine,
  name: string,
  columns: readonly ColumnDef[],
): Promise<string[]> {
  const rows = await engine.readTable(name, columns);
  return rows
    .map((r) => r.map((cell, i) => canonicalRead(cell, columns[i]?.type ?? 'text')))
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
    .map((r) => JSON.stringify(r));
}

/** What the engine must hold for these rows, in the same form as `snapshot`. */
export function expected(rows: readonly SqlRow[], columns: readonly ColumnDef[]): string[] {
  const byKey = new Map<string, (string | null)[]>();
  for (const row of rows) {
    const cells = columns.map((c) => canonical(row[c.name], c.type));
    byKey.set(`${cells[0]}\u0000${cells[1]}`, cells);
  }
  return [...byKey.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)).map((r) => JSON.stringify(r));
}

const columnsOf = (t: TableMapping): ColumnDef[] => t.columns.map((c) => ({ name: c.name, type: c.type }));

export async function expectDatabaseHolds(engine: Engine, m: ExportMapping, data: Converted): Promise<void> {
  for (const t of m.tables) {
    expect(await snapshot(engine, t.name, columnsOf(t))).toEqual(
      expected(data.rows.get(t.name) ?? [], columnsOf(t)),
    );
    for (const link of t.links) {
      const cols = linkColumns(link);
      expect(await snapshot(engine, link.name, cols)).toEqual(
        expected(data.links.get(link.name) ?? [], cols),
      );
    }
  }
}

async function readColumn(
  engine: Engine,
  name: string,
  column: string,
  type: SqlType,
): Promise<Map<string, string | null>> {
  const rows = await engine.readTable(name, [
    { name: 'object_id', type: 'id' },
    { name: column, type },
  ]);
  return new Map(rows.map((r) => [r[0] ?? '', canonicalRead(r[1] ?? null, type)]));
}

/** Registers the shared round-trip tests; `engine()` returns the file's (already started) engine. */
export function roundTripSuite(engine: () => Engine): void {
  const laptops = laptopObjects();
  const locations = locationObjects();
  const data = convert(mapping, [...laptops, ...locations]);

  it('creates the tables and loads hostile values byte for byte', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    await e.exec(sql.header('Assets to SQL — test export\nsecond line $(x)') + sql.createTables(mapping));
    await e.exec(sql.createTables(mapping)); // CREATE … IF NOT EXISTS: re-runnable
    await e.exec(dataScript(e.dialect, mapping, data));
    await expectDatabaseHolds(e, mapping, data);

    // Independently of the conversion: the texts themselves came back (NUL/lone surrogates as U+FFFD).
    const notes = await readColumn(e, 'laptop', 'notes', 'text');
    const labels = await readColumn(e, 'laptop', 'label', 'text');
    HOSTILE_TEXTS.forEach((text, i) => {
      // Node's UTF-8 encoder maps lone surrogates to U+FFFD too: an oracle independent of `cleanText`.
      const expectedText = Buffer.from(text.replace(/\0/g, '\uFFFD'), 'utf8').toString('utf8');
      expect(notes.get(`${WS}:${1000 + i}`)).toBe(expectedText);
      expect(labels.get(`${WS}:${1000 + i}`)).toBe(expectedText);
    });
    expect(notes.get(`${WS}:${1000 + HOSTILE_TEXTS.indexOf('')}`)).toBe('');
    expect(notes.get(`${WS}:4002`)).toBeNull();

    const ram = await readColumn(e, 'laptop', 'ram_gb', 'bigint');
    expect([2000, 2001, 2002, 2003, 2004, 2005].map((id) => ram.get(`${WS}:${id}`))).toEqual([
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '9223372036854775807',
      '-9223372036854775808',
      '0',
    ]);
    expect(ram.get(`${WS}:3000`)).toBeNull();
    const price = await readColumn(e, 'laptop', 'price', 'double');
    expect([2000, 2001, 2002, 2003, 2006].map((id) => price.get(`${WS}:${id}`))).toEqual([
      '0.1',
      '0',
      '1.7976931348623157e+308',
      e.dialect === 'sqlserver' ? '0' : '5e-324',
      '0.30000000000000004',
    ]);
    const seen = await readColumn(e, 'laptop', 'last_seen', 'timestamptz');
    expect([2000, 2001, 2002, 2003, 2004].map((id) => seen.get(`${WS}:${id}`))).toEqual([
      '0001-01-01 00:00:00.000',
      '9999-12-31 23:59:59.999',
      '2025-01-01 00:30:00.000',
      '2024-03-01 04:30:00.123',
      '2024-03-01 10:00:00.000',
    ]);
    const purchased = await readColumn(e, 'laptop', 'purchased', 'date');
    expect(purchased.get(`${WS}:2000`)).toBe('0001-01-01');
    expect(purchased.get(`${WS}:2001`)).toBe('9999-12-31');
    const location = await readColumn(e, 'laptop', 'location_id', 'id');
    expect(location.get(`${WS}:4001`)).toBe(`${WS}:404404`); // a reference to a deleted object still loads
  });

  it('leaves identical tables when the same chunk is upserted again', async () => {
    const e = engine();
    const before = await snapshot(e, 'laptop', columnsOf(table(mapping, 'laptop')));
    await e.exec(dataScript(e.dialect, mapping, data));
    await e.exec(dataScript(e.dialect, mapping, data));
    expect(await snapshot(e, 'laptop', columnsOf(table(mapping, 'laptop')))).toEqual(before);
    await expectDatabaseHolds(e, mapping, data);
  });

  it('updates changed objects and replaces their link rows', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    const laptopTable = table(mapping, 'laptop');
    const tags = laptopTable.links.find((l) => l.name === 'laptop__tags');
    expect(tags).toBeDefined();
    if (!tags) return;
    const changed: AssetsObject = {
      ...(laptops.find((o) => o.id === '4001') as AssetsObject),
      label: "renamed 'laptop'",
      values: { '313': [{ value: 'only\\one' }] },
    };
    const out = rowsForObject(laptopTable, WS, changed, ATTRIBUTES);
    const replace =
      sql.upsert(laptopTable, [out.row]) + sql.replaceLinks(tags, [`${WS}:4001`], out.links[tags.name] ?? []);
    await e.exec(replace);
    await e.exec(replace); // idempotent
    const rows = await e.readTable(tags.name, linkColumns(tags));
    expect(
      rows.filter((r) => r[0] === `${WS}:4001`).map((r) => [canonicalRead(r[1] ?? null, 'bigint'), r[2]]),
    ).toEqual([['0', 'only\\one']]);
    expect((await readColumn(e, 'laptop', 'label', 'text')).get(`${WS}:4001`)).toBe("renamed 'laptop'");
    // An object whose multi-value became empty loses its link rows.
    await e.exec(sql.replaceLinks(tags, [`${WS}:4001`], []));
    expect((await e.readTable(tags.name, linkColumns(tags))).filter((r) => r[0] === `${WS}:4001`)).toEqual(
      [],
    );
  });

  it('deletes objects together with their link rows', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    const laptopTable = table(mapping, 'laptop');
    const gone = [`${WS}:4000`, `${WS}:1000`, `${WS}:does-not-exist`];
    await e.exec(sql.deleteObjects(laptopTable, gone));
    await e.exec(sql.deleteObjects(laptopTable, gone));
    const ids = (await e.readTable('laptop', [{ name: 'object_id', type: 'id' }])).map((r) => r[0]);
    expect(ids).not.toContain(`${WS}:4000`);
    expect(ids).not.toContain(`${WS}:1000`);
    expect(ids).toContain(`${WS}:1001`);
    for (const link of laptopTable.links) {
      const owners = (await e.readTable(link.name, linkColumns(link))).map((r) => r[0]);
      expect(owners).not.toContain(`${WS}:4000`);
      expect(owners).not.toContain(`${WS}:1000`);
    }
  });

  it('sweeps: rows no run since the bound wrote go, with their link rows; rows it wrote stay', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    const laptopTable = table(mapping, 'laptop');
    await e.exec(dataScript(e.dialect, mapping, data)); // every row unmarked (NULL), as from elsewhere
    const kept = laptops.filter((o) => ['2000', '4001'].includes(o.id));
    const older = laptops.filter((o) => o.id === '2001');
    const mark = (objects: readonly AssetsObject[], runMs: number) =>
      objects
        .map((o) => {
          const out = rowsForObject(laptopTable, WS, o, ATTRIBUTES, runMs);
          return (
            sql.upsert(laptopTable, [out.row]) +
            laptopTable.links
              .map((l) => sql.replaceLinks(l, [`${WS}:${o.id}`], out.links[l.name] ?? []))
              .join('')
          );
        })
        .join('');
    await e.exec(mark(older, 1_700_000_000_000) + mark(kept, 1_700_000_000_500));
    const sweep = sql.sweep(laptopTable, 1_700_000_000_500);
    await e.exec(sweep);
    await e.exec(sweep); // re-runnable
    const ids = (await e.readTable('laptop', [{ name: 'object_id', type: 'id' }])).map((r) => r[0]).sort();
    expect(ids).toEqual([`${WS}:2000`, `${WS}:4001`]);
    const keptLinks = convert(mapping, kept);
    for (const link of laptopTable.links) {
      const cols = linkColumns(link);
      expect(await snapshot(e, link.name, cols)).toEqual(
        expected(keptLinks.links.get(link.name) ?? [], cols),
      );
    }
    const marker = await readColumn(e, 'laptop', 'a2s_run_ms', 'bigint');
    expect(marker.get(`${WS}:2000`)).toBe('1700000000500');
  });

  it('splits large row sets into bounded statements that all load', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    const location = table(mapping, 'location');
    const many = Array.from({ length: 1203 }, (_, i) => ({
      ...(locations[0] as AssetsObject),
      id: String(10_000 + i),
      label: `L${i} ${'ü'.repeat(i % 7 === 0 ? 2000 : 1)}`,
    }));
    const rows = many.map((o) => rowsForObject(location, WS, o, ATTRIBUTES).row);
    const script = sql.upsert(location, rows);
    expect(script.match(/^(INSERT INTO|MERGE INTO)/gm)?.length).toBe(3);
    await e.exec(script);
    const ids = (await e.readTable('location', [{ name: 'object_id', type: 'id' }])).map((r) => r[0]);
    expect(ids.filter((id) => id?.startsWith(`${WS}:1`) && id.length === WS.length + 6)).toHaveLength(1203);
  });

  it('applies schema drift: new table, new columns, safe retype, renamed column', async () => {
    const e = engine();
    const sql = dialectFor(e.dialect);
    await e.exec(dataScript(e.dialect, mapping, data)); // restore what the delete test removed
    const laptopV2 = {
      ...LAPTOP,
      attributes: [
        ...LAPTOP.attributes.map((a) => (a.id === '303' ? { ...a, kind: 'double' as const } : a)),
        {
          id: '330',
          name: 'Warranty Until',
          kind: 'date' as const,
          system: false,
          label: false,
          maximumCardinality: 1,
        },
        {
          id: '331',
          name: 'Accessories',
          kind: 'text' as const,
          system: false,
          label: false,
          maximumCardinality: -1,
        },
      ],
    };
    const next = buildMapping(
      WS,
      TYPES.map((t) => (t.id === '12' ? laptopV2 : t)),
      {
        ...CONFIG,
        objectTypeIds: [...(CONFIG.objectTypeIds ?? []), '21'],
        columnNames: { '316': 'Homepage' },
      },
    );
    const changes = diffMappings(mapping, next);
    expect(changes.map((c) => c.kind).sort()).toEqual(
      ['column-added', 'column-renamed', 'column-retyped', 'table-added', 'table-added'].sort(),
    );
    const alter = sql.alter(changes, next);
    await e.exec(alter);
    if (e.idempotentAlter) await e.exec(alter);
    else await expect(e.exec(alter)).rejects.toThrow(/duplicate column/i);

    const objects = laptopObjects().map((o) =>
      o.id === '2000'
        ? { ...o, values: { ...o.values, '330': [{ value: '2030-01-31' }], '331': [{ value: 'dock' }] } }
        : o,
    );
    const software = [
      {
        id: '500',
        objectKey: 'ITA-500',
        label: 'Office',
        objectTypeId: '21',
        created: '2024-01-01T00:00:00Z',
        updated: '2024-01-01T00:00:00Z',
        values: {},
      },
    ];
    const nextData = convert(next, [...objects, ...locationObjects(), ...software]);
    await e.exec(dataScript(e.dialect, next, nextData));
    const warranty = await readColumn(e, 'laptop', 'warranty_until', 'date');
    expect(warranty.get(`${WS}:2000`)).toBe('2030-01-31');
    const homepage = await readColumn(e, 'laptop', 'homepage', 'text');
    expect(homepage.get(`${WS}:4000`)).toBe("https://example.com/?q=1&x='y'");
    // The old column is kept with its last values (never dropped).
    const oldUrl = await readColumn(e, 'laptop', 'vendor_url', 'text');
    expect(oldUrl.get(`${WS}:4000`)).toBe("https://example.com/?q=1&x='y'");
    const ram = await readColumn(e, 'laptop', 'ram_gb', 'double');
    expect(ram.get(`${WS}:2006`)).toBe('42');
    expect(await snapshot(e, 'software', columnsOf(table(next, 'software')))).toEqual(
      expected(nextData.rows.get('software') ?? [], columnsOf(table(next, 'software'))),
    );
  });
}
