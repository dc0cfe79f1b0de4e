// buildMapping: names, types, link tables, references, system attributes, abstract/inherited types, config.
import { describe, expect, it } from 'vitest';
import { attributeColumns, buildMapping, linkColumns } from '../src/domain/mapping';
import type { AssetsAttribute, AssetsObjectType, ExportConfig } from '../src/domain/model';
import { fitName, MAX_NAME_LENGTH, snakeCase, sqlName } from '../src/domain/sql/names';
import { CONFIG, HARDWARE, LAPTOP, TYPES, WS } from './support/db-fixtures';

const attr = (
  id: string,
  name: string,
  kind: AssetsAttribute['kind'],
  extra: Partial<AssetsAttribute> = {},
) => ({
  id,
  name,
  kind,
  system: false,
  label: false,
  maximumCardinality: 1,
  ...extra,
});
const type = (
  id: string,
  name: string,
  attributes: AssetsAttribute[] = [],
  extra: Partial<AssetsObjectType> = {},
) => ({
  id,
  name,
  schemaId: '1',
  abstract: false,
  attributes,
  ...extra,
});
const config = (extra: Partial<ExportConfig> = {}): ExportConfig => ({
  id: 'c',
  name: 'c',
  schemaIds: ['1'],
  dialect: 'postgresql',
  ...extra,
});

describe('names', () => {
  it('snake_cases Assets names, folding diacritics and splitting camel case', () => {
    expect(snakeCase('Serial Number')).toBe('serial_number');
    expect(snakeCase('IP Address')).toBe('ip_address');
    expect(snakeCase('serialNumber')).toBe('serial_number');
    expect(snakeCase('IPAddress v6')).toBe('ip_address_v6');
    expect(snakeCase('Größe (cm)')).toBe('grosse_cm');
    expect(snakeCase('  Café / Crème  ')).toBe('cafe_creme');
    expect(snakeCase('RAM (GB)')).toBe('ram_gb');
    expect(snakeCase('サーバー')).toBe('');
  });

  it('never returns an empty name or one starting with a digit', () => {
    expect(sqlName('サーバー', 't', '12')).toBe('t_12');
    expect(sqlName('2nd Floor', 'c', '5')).toBe('c_2nd_floor');
    expect(sqlName('!!!', 'c', '5')).toBe('c_5');
  });

  it('cuts names to 63 characters with a hash, keeping the tail', () => {
    const long = 'a'.repeat(100);
    const cut = fitName(long);
    expect(cut).toHaveLength(MAX_NAME_LENGTH);
    expect(cut).toMatch(/^a+_[0-9a-f]{8}$/);
    expect(fitName(long, 'id')).toMatch(/^a+_[0-9a-f]{8}_id$/);
    expect(fitName(long, 'id')).toHaveLength(MAX_NAME_LENGTH);
    expect(fitName(`${'a'.repeat(99)}b`)).not.toBe(cut);
  });
});

describe('buildMapping', () => {
  const mapping = buildMapping(WS, TYPES, CONFIG);
  const laptop = mapping.tables.find((t) => t.name === 'laptop');

  it('exports only the configured schemas and types, skipping abstract ones, in type-id order', () => {
    expect(mapping.workspaceId).toBe(WS);
    expect(mapping.tables.map((t) => [t.objectTypeId, t.name])).toEqual([
      ['12', 'laptop'],
      ['20', 'location'],
    ]);
    const all = buildMapping(WS, TYPES, { ...CONFIG, objectTypeIds: undefined });
    expect(all.tables.map((t) => t.name)).toEqual(['laptop', 'location', 'software']);
    expect(buildMapping(WS, [...TYPES].reverse(), CONFIG)).toEqual(mapping);
  });

  it('starts every table with the system columns and maps each attribute kind to a type', () => {
    expect(laptop?.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'object_id:id',
      'object_key:text',
      'label:text',
      'created_at:timestamptz',
      'updated_at:timestamptz',
      'a2s_run_ms:bigint', // the run that last wrote the row (a full run's sweep)
      'serial_number:text', // inherited from the abstract Hardware type
      'notes:text',
      'ram_gb:bigint',
      'price:double',
      'active:boolean',
      'purchased:date',
      'last_seen:timestamptz',
      'backup_time:time',
      'owner:text',
      'owner_id:id',
      'location_id:id',
      'lifecycle:text',
      'lifecycle_id:id',
      'team:text',
      'vendor_url:text',
      'support_email:text',
      'ip_address:text',
      'confluence_page:text',
    ]);
  });

  it('does not duplicate system attributes (Key, Name/label, Created, Updated)', () => {
    const names = laptop?.columns.map((c) => c.name) ?? [];
    for (const n of ['key', 'name', 'created', 'updated']) expect(names).not.toContain(n);
  });

  it('records what each column is made of', () => {
    const col = (name: string) => laptop?.columns.find((c) => c.name === name);
    expect(col('owner')?.source).toEqual({ kind: 'attribute', attributeId: '309', part: 'name' });
    expect(col('owner_id')?.source).toEqual({ kind: 'attribute', attributeId: '309', part: 'id' });
    expect(col('lifecycle_id')?.source).toEqual({ kind: 'attribute', attributeId: '311', part: 'id' });
    expect(col('team')?.source).toEqual({ kind: 'attribute', attributeId: '312', part: 'name' });
    expect(col('notes')?.source).toEqual({ kind: 'attribute', attributeId: '302', part: 'value' });
    expect(col('created_at')?.source).toEqual({ kind: 'system', field: 'created' });
  });

  it('maps single references to <attr>_id pointing at the target table (no FOREIGN KEY)', () => {
    const location = laptop?.columns.find((c) => c.name === 'location_id');
    expect(location).toMatchObject({ type: 'id', references: 'location' });
    const parent = mapping.tables
      .find((t) => t.name === 'location')
      ?.columns.find((c) => c.name === 'parent_id');
    expect(parent?.references).toBe('location'); // self-reference
  });

  it('gives multi-valued attributes a link table <table>__<attr> with ordered rows', () => {
    expect(laptop?.links.map((l) => [l.name, ...linkColumns(l).map((c) => `${c.name}:${c.type}`)])).toEqual([
      ['laptop__tags', 'object_id:id', 'position:bigint', 'value:text'],
      ['laptop__installed_software', 'object_id:id', 'position:bigint', 'value_id:id'],
      ['laptop__watchers', 'object_id:id', 'position:bigint', 'value:text', 'value_id:id'],
      ['laptop__ports', 'object_id:id', 'position:bigint', 'value:bigint'],
    ]);
    // Software (21) is not exported: the reference has no target table.
    expect(laptop?.links.find((l) => l.attributeId === '314')?.valueColumn.references).toBeUndefined();
  });

  it('applies admin renames and exclusions', () => {
    const renamed = buildMapping(WS, TYPES, {
      ...CONFIG,
      tableNames: { '12': 'Notebooks', '20': '  ' },
      columnNames: { '302': 'Remarks', '310': 'Site', '313': 'Labels' },
      excludedAttributeIds: ['303', '309', '315'],
    });
    const t = renamed.tables.find((x) => x.objectTypeId === '12');
    expect(t?.name).toBe('notebooks');
    expect(renamed.tables.find((x) => x.objectTypeId === '20')?.name).toBe('location');
    const names = t?.columns.map((c) => c.name) ?? [];
    expect(names).toContain('remarks');
    expect(names).toContain('site_id');
    expect(names).not.toContain('notes');
    expect(names).not.toContain('ram_gb');
    expect(names).not.toContain('owner');
    expect(t?.links.map((l) => l.name)).toEqual([
      'notebooks__labels',
      'notebooks__installed_software',
      'notebooks__ports',
    ]);
  });

  it('disambiguates table name collisions with _<typeId>; the lowest id keeps the plain name', () => {
    const types = [type('40', 'Server'), type('9', 'server'), type('41', 'SERVER!'), type('5', 'Rack')];
    const m = buildMapping(WS, types, config());
    expect(m.tables.map((t) => [t.objectTypeId, t.name])).toEqual([
      ['5', 'rack'],
      ['9', 'server'],
      ['40', 'server_40'],
      ['41', 'server_41'],
    ]);
    // Selecting fewer types does not rename the others.
    expect(buildMapping(WS, types, config({ objectTypeIds: ['40'] })).tables.map((t) => t.name)).toEqual([
      'server_40',
    ]);
    // An admin rename wins over a generated name.
    const renamed = buildMapping(WS, types, config({ tableNames: { '41': 'server' } }));
    expect(renamed.tables.map((t) => t.name)).toEqual(['rack', 'server_9', 'server_40', 'server']);
  });

  it('disambiguates column collisions (incl. with system columns) with _<attributeId>', () => {
    const m = buildMapping(
      WS,
      [
        type('1', 'Thing', [
          attr('10', 'Label', 'text'),
          attr('11', 'Status', 'status'),
          attr('12', 'Status Id', 'text'),
          attr('13', 'status', 'text'),
          attr('14', 'Object ID', 'integer'),
        ]),
      ],
      config(),
    );
    expect(m.tables[0]?.columns.slice(6).map((c) => c.name)).toEqual([
      'label_10',
      'status',
      'status_id',
      'status_id_12',
      'status_13',
      'object_id_14',
    ]);
  });

  it('keeps every name within 63 characters and unique, even for very long names', () => {
    const long = 'Very Long Object Type Name That Goes On And On Beyond Any Sensible Length';
    const m = buildMapping(
      WS,
      [
        type('1', long, [
          attr('10', `${long} Attribute A`, 'reference', { referenceObjectTypeId: '1' }),
          attr('11', `${long} Attribute B`, 'user'),
          attr('12', `${long} Attribute C`, 'text', { maximumCardinality: -1 }),
          attr('13', `${long} Attribute D`, 'text', { maximumCardinality: -1 }),
        ]),
        type('2', long),
      ],
      config(),
    );
    const names = m.tables.flatMap((t) => [t.name, ...t.links.map((l) => l.name)]);
    expect(new Set(names).size).toBe(names.length);
    for (const t of m.tables) {
      const cols = t.columns.map((c) => c.name);
      expect(new Set(cols).size).toBe(cols.length);
      for (const n of [t.name, ...cols, ...t.links.map((l) => l.name)]) {
        expect(n.length).toBeLessThanOrEqual(63);
        expect(n).toMatch(/^[a-z_][a-z0-9_]*$/);
      }
    }
    expect(
      m.tables[0]?.columns.find((c) => c.source.kind === 'attribute' && c.source.attributeId === '10')?.name,
    ).toMatch(/_id$/);
  });

  it('treats a maximum cardinality above one as multi-valued', () => {
    const m = buildMapping(
      WS,
      [type('1', 'T', [attr('10', 'Two', 'text', { maximumCardinality: 2 })])],
      config(),
    );
    expect(m.tables[0]?.links.map((l) => l.name)).toEqual(['t__two']);
  });
});

describe('attributeColumns (listAttributes)', () => {
  it('names the column, link table or fixed column of every attribute, as the mapping does', () => {
    const columns = attributeColumns(buildMapping(WS, TYPES, CONFIG), LAPTOP);
    expect(Object.fromEntries(columns)).toEqual({
      '100': 'object_key',
      '101': 'label',
      '102': 'created_at',
      '103': 'updated_at',
      '301': 'serial_number',
      '302': 'notes',
      '303': 'ram_gb',
      '304': 'price',
      '305': 'active',
      '306': 'purchased',
      '307': 'last_seen',
      '308': 'backup_time',
      '309': 'owner',
      '310': 'location_id',
      '311': 'lifecycle',
      '312': 'team',
      '313': 'laptop__tags',
      '314': 'laptop__installed_software',
      '315': 'laptop__watchers',
      '316': 'vendor_url',
      '317': 'support_email',
      '318': 'ip_address',
      '319': 'confluence_page',
      '320': 'laptop__ports',
    });
  });

  it('follows renames and exclusions, and has no columns for a type without a table', () => {
    const config = {
      ...CONFIG,
      columnNames: { '301': 'serial', '313': 'labels' },
      excludedAttributeIds: ['302'],
    };
    const columns = attributeColumns(buildMapping(WS, TYPES, config), LAPTOP);
    expect(columns.get('301')).toBe('serial');
    expect(columns.get('313')).toBe('laptop__labels');
    expect(columns.get('302')).toBeNull();
    const hardware = attributeColumns(buildMapping(WS, TYPES, CONFIG), HARDWARE);
    expect([...hardware.values()].every((c) => c === null)).toBe(true);
  });
});
