// diffMappings and describeChanges: what changed between two exports, in words an admin can act on.
import { describe, expect, it } from 'vitest';
import { buildMapping, describeChanges, diffMappings } from '../src/domain/mapping';
import type { AssetsObjectType } from '../src/domain/model';
import { dialectFor } from '../src/domain/sql/index';
import { CONFIG, LAPTOP, TYPES, WS } from './support/db-fixtures';

const before = buildMapping(WS, TYPES, CONFIG);
const withLaptop = (laptop: AssetsObjectType) => TYPES.map((t) => (t.id === LAPTOP.id ? laptop : t));

describe('diffMappings', () => {
  it('reports every table and link table as new on the first export', () => {
    const changes = diffMappings(undefined, before);
    expect(changes.map((c) => (c.kind === 'table-added' ? c.table : c.kind))).toEqual([
      'laptop',
      'laptop__tags',
      'laptop__installed_software',
      'laptop__watchers',
      'laptop__ports',
      'location',
    ]);
  });

  it('reports nothing when nothing changed', () => {
    expect(diffMappings(before, buildMapping(WS, TYPES, CONFIG))).toEqual([]);
  });

  it('detects added, removed and retyped attributes and a new type', () => {
    const laptop: AssetsObjectType = {
      ...LAPTOP,
      attributes: [
        ...LAPTOP.attributes
          .filter((a) => a.id !== '318' && a.id !== '313')
          .map((a) =>
            a.id === '303'
              ? { ...a, kind: 'text' as const }
              : a.id === '304'
                ? { ...a, kind: 'integer' as const }
                : a,
          ),
        { id: '340', name: 'Asset Tag', kind: 'text', system: false, label: false, maximumCardinality: 1 },
      ],
    };
    const after = buildMapping(WS, withLaptop(laptop), { ...CONFIG, objectTypeIds: ['12', '20', '21'] });
    const changes = diffMappings(before, after);
    expect(changes).toEqual([
      {
        kind: 'column-retyped',
        table: 'laptop',
        column: expect.objectContaining({ name: 'ram_gb', type: 'text' }),
        from: 'bigint',
      },
      {
        kind: 'column-retyped',
        table: 'laptop',
        column: expect.objectContaining({ name: 'price', type: 'bigint' }),
        from: 'double',
      },
      {
        kind: 'column-added',
        table: 'laptop',
        column: expect.objectContaining({ name: 'asset_tag', type: 'text' }),
      },
      { kind: 'column-removed', table: 'laptop', column: expect.objectContaining({ name: 'ip_address' }) },
      { kind: 'table-removed', table: 'laptop__tags', objectTypeId: '12', attributeId: '313' },
      { kind: 'table-added', table: 'software', objectTypeId: '21' },
    ]);
    expect(describeChanges(changes)).toEqual([
      'Column "laptop"."ram_gb" (attribute "RAM (GB)") changes from integer to text; it is converted automatically (SQLite keeps the declared type: its columns accept any value).',
      'Column "laptop"."price" (attribute "Price") changes from number to integer; it is NOT converted automatically because existing values may not fit — convert it yourself (the SQL shows how); until then, values that do not fit the old type fail to load.',
      'New column "laptop"."asset_tag" (attribute "Asset Tag"), text.',
      'Column "laptop"."ip_address" (attribute "IP Address") is no longer exported; it is kept with its last values — drop it when you no longer need it.',
      'Link table "laptop__tags" is no longer exported (attribute 313 removed, excluded or no longer multi-valued); it is kept as it is — drop it when you no longer need it.',
      'New table "software" for object type 21.',
    ]);
  });

  it('treats admin renames as renames, and recreates a renamed table rather than diffing it', () => {
    const after = buildMapping(WS, TYPES, {
      ...CONFIG,
      tableNames: { '20': 'Sites' },
      columnNames: { '302': 'Remarks', '313': 'Labels' },
    });
    const changes = diffMappings(before, after);
    expect(changes).toEqual([
      {
        kind: 'column-renamed',
        table: 'laptop',
        from: 'notes',
        column: expect.objectContaining({ name: 'remarks' }),
      },
      {
        kind: 'table-renamed',
        from: 'laptop__tags',
        to: 'laptop__labels',
        objectTypeId: '12',
        attributeId: '313',
      },
      { kind: 'table-renamed', from: 'location', to: 'sites', objectTypeId: '20' },
    ]);
    expect(describeChanges(changes)[2]).toBe(
      'Table "location" is now "sites": "sites" is created and filled by the next full export; "location" is kept as it is — drop it when you no longer need it.',
    );
  });

  it('reports a deselected type and its link tables as removed, never dropping them', () => {
    const after = buildMapping(WS, TYPES, { ...CONFIG, objectTypeIds: ['20'] });
    const changes = diffMappings(before, after);
    expect(changes.map((c) => c.kind)).toEqual(Array(5).fill('table-removed'));
    for (const d of ['postgresql', 'mysql', 'sqlserver', 'sqlite'] as const) {
      const sql = dialectFor(d).alter(changes, after);
      expect(sql).not.toMatch(/^\s*(DROP|ALTER)\b/im);
      expect(
        sql
          .split('\n')
          .filter((l) => l !== '')
          .every((l) => l.startsWith('-- ')),
      ).toBe(true);
    }
  });

  it('single → multi-valued: the column is kept and a link table appears', () => {
    const laptop = {
      ...LAPTOP,
      attributes: LAPTOP.attributes.map((a) => (a.id === '302' ? { ...a, maximumCardinality: -1 } : a)),
    };
    const changes = diffMappings(before, buildMapping(WS, withLaptop(laptop), CONFIG));
    expect(changes.map((c) => c.kind)).toEqual(['column-removed', 'table-added']);
  });

  it('renders unsafe retypes as commented instructions, not statements', () => {
    const laptop = {
      ...LAPTOP,
      attributes: LAPTOP.attributes.map((a) => (a.id === '302' ? { ...a, kind: 'integer' as const } : a)),
    };
    const after = buildMapping(WS, withLaptop(laptop), CONFIG);
    const changes = diffMappings(before, after);
    expect(dialectFor('postgresql').alter(changes, after)).toBe(
      '-- column "laptop"."notes" changes from text to bigint; not converted automatically (existing values may not fit). To convert it:\n' +
        '-- ALTER TABLE "laptop" ALTER COLUMN "notes" TYPE bigint USING "notes"::bigint;\n',
    );
  });
});
