/**
 * Helpers for the pure engine tests: a tiny SQL layer stub (SQLite-flavoured, so the engine can be tested without
 * the real mapping/dialects), a synthetic Assets workspace, and an in-memory I/O loop that executes engine plans.
 */

import type { Position } from '../src/domain/cursor';
import type {
  DialectSql,
  EngineContext,
  Fetched,
  ObjectRows,
  Plan,
  RunInfo,
  SqlLayer,
} from '../src/domain/engine';
import { applyFetched, planNext, selectTypes } from '../src/domain/engine';
import { unionSorted } from '../src/domain/idset';
import type {
  AssetsObject,
  AssetsObjectType,
  ExportMapping,
  LinkTableMapping,
  SqlRow,
  SqlValue,
  TableMapping,
} from '../src/domain/model';

const lit = (v: SqlValue | undefined): string =>
  v === null || v === undefined ? 'NULL' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);

export const stubDialect: DialectSql = {
  header: (comment) => `-- ${comment}\n`,
  createTables: (mapping) =>
    mapping.tables
      .flatMap((t) => [
        `CREATE TABLE IF NOT EXISTS ${t.name} (${t.columns.map((c) => `${c.name} TEXT${c.name === 'object_id' ? ' PRIMARY KEY' : ''}`).join(', ')});`,
        ...t.links.map(
          (l) => `CREATE TABLE IF NOT EXISTS ${l.name} (object_id TEXT, position INTEGER, value TEXT);`,
        ),
      ])
      .join('\n'),
  alter: (changes) =>
    (changes as { table: string; column: string }[])
      .map((c) => `ALTER TABLE ${c.table} ADD COLUMN ${c.column} TEXT;`)
      .join('\n'),
  upsert: (table, rows) =>
    rows.length === 0
      ? ''
      : `INSERT OR REPLACE INTO ${table.name} (${table.columns.map((c) => c.name).join(', ')}) VALUES ${rows
          .map((r) => `(${table.columns.map((c) => lit(r[c.name])).join(', ')})`)
          .join(', ')};`,
  replaceLinks: (link, owners, rows) =>
    owners.length === 0
      ? ''
      : `DELETE FROM ${link.name} WHERE object_id IN (${owners.map(lit).join(', ')});${
          rows.length > 0
            ? `\nINSERT INTO ${link.name} (object_id, position, value) VALUES ${rows
                .map((r) => `(${lit(r.object_id)}, ${lit(r.position)}, ${lit(r.value)})`)
                .join(', ')};`
            : ''
        }`,
  deleteObjects: (table, ids) =>
    ids.length === 0
      ? ''
      : [...table.links.map((l) => l.name), table.name]
          .map((name) => `DELETE FROM ${name} WHERE object_id IN (${ids.map(lit).join(', ')});`)
          .join('\n'),
  sweep: (table, runMs) => `SWEEP ${table.name} BEFORE ${runMs};`,
};

const snake = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_');

export const stubSql: SqlLayer = {
  buildMapping(workspaceId, types, config): ExportMapping {
    const excluded = new Set(config.excludedAttributeIds ?? []);
    const tables: TableMapping[] = selectTypes(types, config).map((t) => {
      const name = config.tableNames?.[t.id] ?? snake(t.name);
      const attrs = t.attributes.filter((a) => !a.system && !excluded.has(a.id));
      return {
        objectTypeId: t.id,
        name,
        columns: [
          { name: 'object_id', type: 'id', source: { kind: 'system', field: 'objectId' } },
          { name: 'label', type: 'text', source: { kind: 'system', field: 'label' } },
          ...attrs
            .filter((a) => a.maximumCardinality === 1)
            .map((a) => ({
              name: config.columnNames?.[a.id] ?? `a_${a.id}`,
              type: 'text' as const,
              source: { kind: 'attribute' as const, attributeId: a.id, part: 'value' as const },
            })),
        ],
        links: attrs
          .filter((a) => a.maximumCardinality !== 1)
          .map((a) => ({
            name: `${name}_${a.id}`,
            attributeId: a.id,
            valueColumn: {
              name: 'value',
              type: 'text',
              source: { kind: 'attribute', attributeId: a.id, part: 'value' },
            },
          })),
      };
    });
    return { workspaceId, tables };
  },
  rowsForObject(table, workspaceId, object): ObjectRows {
    const row: Record<string, SqlValue> = {};
    for (const c of table.columns) {
      if (c.source.kind === 'system') {
        row[c.name] = c.source.field === 'objectId' ? `${workspaceId}:${object.id}` : object.label;
      } else {
        row[c.name] = object.values[c.source.attributeId]?.[0]?.value ?? null;
      }
    }
    const links: Record<string, SqlRow[]> = {};
    for (const link of table.links as LinkTableMapping[]) {
      links[link.name] = (object.values[link.attributeId] ?? []).map(
        (v, position): SqlRow => ({
          object_id: `${workspaceId}:${object.id}`,
          position,
          value: v.value ?? null,
        }),
      );
    }
    return { row, links };
  },
  diffMappings(previous, next) {
    const changes: { table: string; column: string }[] = [];
    for (const t of next.tables) {
      const before = previous.tables.find((p) => p.name === t.name);
      if (!before) continue;
      for (const c of t.columns) {
        if (!before.columns.some((b) => b.name === c.name)) changes.push({ table: t.name, column: c.name });
      }
    }
    return changes;
  },
  describeChanges: (changes) =>
    (changes as { table: string; column: string }[]).map((c) => `column ${c.table}.${c.column} added`),
  dialectFor: () => stubDialect,
};

// ------------------------------------------------------------------ synthetic workspace

export const WORKSPACE = 'ws-0001';

export function syntheticTypes(): AssetsObjectType[] {
  return [
    {
      id: '10',
      name: 'Laptop',
      schemaId: '1',
      abstract: false,
      attributes: [
        { id: '100', name: 'Key', kind: 'text', system: true, label: false, maximumCardinality: 1 },
        { id: '101', name: 'Name', kind: 'text', system: false, label: true, maximumCardinality: 1 },
        { id: '102', name: 'Serial', kind: 'text', system: false, label: false, maximumCardinality: 1 },
        { id: '103', name: 'Tags', kind: 'select', system: false, label: false, maximumCardinality: -1 },
      ],
    },
    { id: '11', name: 'Hardware', schemaId: '1', abstract: true, attributes: [] },
    {
      id: '12',
      name: 'Person',
      schemaId: '1',
      abstract: false,
      attributes: [
        { id: '120', name: 'Name', kind: 'text', system: false, label: true, maximumCardinality: 1 },
      ],
    },
    { id: '20', name: 'Building', schemaId: '2', abstract: false, attributes: [] },
  ];
}

export function makeObject(typeId: string, id: number, updated = '2025-01-01T00:00:00.000Z'): AssetsObject {
  return {
    id: String(id),
    objectKey: `ITA-${id}`,
    label: `${typeId === '10' ? 'Laptop' : 'Person'} ${id}`,
    objectTypeId: typeId,
    created: '2024-01-01T00:00:00.000Z',
    updated,
    values:
      typeId === '10'
        ? {
            '101': [{ value: `Laptop ${id}` }],
            '102': [{ value: `SN-${id}'x` }],
            ...(id % 3 === 0 ? { '103': [{ value: 'red' }, { value: 'blue' }] } : {}),
          }
        : { '120': [{ value: `Person ${id}` }] },
  };
}

/** An in-memory Assets that answers the engine's keyset AQL (and counts requests). */
export class FakeAssets {
  readonly requests: { qlQuery: string; maxResults: number }[] = [];
  constructor(
    public objects: AssetsObject[],
    readonly types: AssetsObjectType[] = syntheticTypes(),
  ) {}

  page(qlQuery: string, maxResults: number): { objects: AssetsObject[]; isLast: boolean } {
    this.requests.push({ qlQuery, maxResults });
    const m =
      /^objectTypeId = (\d+) AND objectId > (\d+)(?: AND Updated >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})")? ORDER BY objectId ASC$/.exec(
        qlQuery,
      );
    if (!m) throw new Error(`unexpected AQL: ${qlQuery}`);
    const [, type, after, since] = m;
    const sinceMs = since ? Date.parse(`${since.replace(' ', 'T')}:00Z`) : undefined;
    const matching = this.objects
      .filter(
        (o) =>
          o.objectTypeId === type &&
          Number(o.id) > Number(after) &&
          (sinceMs === undefined || Date.parse(o.updated) >= sinceMs),
      )
      .sort((a, b) => Number(a.id) - Number(b.id));
    // Emulates the 1,000-result window: nothing past position 1,000 of a query is ever returned.
    const visible = Math.min(matching.length, 1000);
    return { objects: matching.slice(0, Math.min(maxResults, visible)), isLast: maxResults >= visible };
  }
}

/** In-memory key sets per run and type, plus completed-run markers. */
export class FakeKeysets {
  readonly seen = new Map<string, number[][]>();
  readonly complete = new Set<string>();
  add(runId: string, typeId: string, ids: readonly number[]) {
    const k = `${runId}:${typeId}`;
    this.seen.set(k, [...(this.seen.get(k) ?? []), [...ids]]);
  }
  get(runId: string, typeId: string): number[] {
    return unionSorted(this.seen.get(`${runId}:${typeId}`) ?? []);
  }
}

export function execute(plan: Plan, assets: FakeAssets, keysets: FakeKeysets): Fetched {
  switch (plan.kind) {
    case 'metadata':
      return { kind: 'metadata', types: assets.types.filter((t) => plan.schemaIds.includes(t.schemaId)) };
    case 'objects':
      return { kind: 'objects', ...assets.page(plan.qlQuery, plan.maxResults) };
    case 'keysets':
      return {
        kind: 'keysets',
        previous: unionSorted(plan.previousRuns.map((r) => keysets.get(r, plan.typeId))),
        current: keysets.get(plan.currentRun, plan.typeId),
        complete: plan.previousRuns.every((r) => keysets.complete.has(r)),
      };
    case 'sweep':
      return { kind: 'sweep' };
    case 'done':
      throw new Error('done');
  }
}

export function runInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    runId: 'run-0000000000000001',
    exportId: 'exp1',
    dialect: 'sqlite',
    workspaceId: WORKSPACE,
    startedAt: '2025-02-01T00:00:00.000Z',
    config: { id: 'exp1', name: 'Export', schemaIds: ['1'], dialect: 'sqlite' },
    knownRuns: [],
    ...overrides,
  };
}

export interface DriveResult {
  readonly steps: string[];
  readonly position: Position;
  readonly types: readonly AssetsObjectType[] | undefined;
  readonly deleted: number;
  readonly objects: number;
}

/** The I/O loop in miniature: runs up to `maxSteps` engine steps from `position`. */
export function drive(
  base: Omit<EngineContext, 'sql'> & { sql?: SqlLayer },
  assets: FakeAssets,
  keysets: FakeKeysets,
  position: Position = { phase: 'ddl' },
  maxSteps = Number.POSITIVE_INFINITY,
): DriveResult {
  let ctx: EngineContext = { sql: stubSql, ...base };
  const steps: string[] = [];
  let current = position;
  let deleted = 0;
  let objects = 0;
  while (current.phase !== 'done' && steps.length < maxSteps) {
    const result = applyFetched(ctx, current, execute(planNext(ctx, current), assets, keysets));
    if (result.types) ctx = { ...ctx, types: result.types };
    if (result.seen) keysets.add(ctx.run.runId, result.seen.typeId, result.seen.ids);
    steps.push(result.sql);
    deleted += result.stats.deleted;
    objects += result.stats.objects;
    current = result.next;
  }
  if (current.phase === 'done') keysets.complete.add(ctx.run.runId);
  return { steps, position: current, types: ctx.types, deleted, objects };
}
