/**
 * Assets object types → relational mapping (one table per object type, link tables for multi-valued
 * attributes), Assets objects → rows, and schema drift between two mappings. Rules in `sql/README.md`.
 */
import type {
  AssetsAttribute,
  AssetsObject,
  AssetsObjectType,
  AssetsValue,
  AttributeKind,
  ColumnMapping,
  ExportConfig,
  ExportMapping,
  LinkTableMapping,
  MappingChange,
  SqlRow,
  SqlType,
  SqlValue,
  TableMapping,
} from './model';
import { fitName, NameRegistry, sqlName } from './sql/names';
import { convertValue } from './values';

export const OBJECT_ID_COLUMN = 'object_id';
export const POSITION_COLUMN = 'position';
/** Start of the run that last wrote the row, epoch ms (see `sweep`). */
export const RUN_COLUMN = 'a2s_run_ms';
const LINK_VALUE = 'value';

const SYSTEM_COLUMNS: readonly ColumnMapping[] = [
  {
    name: OBJECT_ID_COLUMN,
    type: 'id',
    source: { kind: 'system', field: 'objectId' },
    assetsName: 'Object id',
  },
  { name: 'object_key', type: 'text', source: { kind: 'system', field: 'objectKey' }, assetsName: 'Key' },
  { name: 'label', type: 'text', source: { kind: 'system', field: 'label' }, assetsName: 'Label' },
  {
    name: 'created_at',
    type: 'timestamptz',
    source: { kind: 'system', field: 'created' },
    assetsName: 'Created',
  },
  {
    name: 'updated_at',
    type: 'timestamptz',
    source: { kind: 'system', field: 'updated' },
    assetsName: 'Updated',
  },
  // Marks each row with its run, so a full run can sweep rows it did not write (rows of objects deleted in Assets,
  // whatever the database held before): the sweep deletes rows marked before the full run started.
  { name: RUN_COLUMN, type: 'bigint', source: { kind: 'system', field: 'run' }, assetsName: 'Export run' },
];

/** The stable key of an object across exports: `<workspace id>:<object id>`. */
export function objectKeyId(workspaceId: string, objectId: string): string {
  return `${workspaceId}:${objectId}`;
}

/** SQL type of an attribute's value (for user/status/group: the readable name; ids are always `id`). */
export function sqlTypeOf(kind: AttributeKind): SqlType {
  switch (kind) {
    case 'integer':
      return 'bigint';
    case 'double':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'time':
      return 'time';
    case 'datetime':
      return 'timestamptz';
    case 'reference':
      return 'id';
    default:
      return 'text';
  }
}

/** A multi-valued attribute gets a link table; `maximumCardinality` -1 means unlimited. */
export function isMultiValued(attribute: AssetsAttribute): boolean {
  return attribute.maximumCardinality === -1 || attribute.maximumCardinality > 1;
}

/** Numeric ids in numeric order, anything else after them as strings: the tie-break for name collisions. */
function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The parts an attribute is stored as: `[tail, part, type]` — `''` is `<col>`, `'id'` is `<col>_id`. */
function partsOf(kind: AttributeKind): readonly (readonly [string, 'value' | 'id' | 'name', SqlType])[] {
  switch (kind) {
    case 'reference':
      return [['id', 'id', 'id']];
    case 'user':
    case 'status':
      return [
        ['', 'name', 'text'],
        ['id', 'id', 'id'],
      ];
    case 'group':
      return [['', 'name', 'text']];
    default:
      return [['', 'value', sqlTypeOf(kind)]];
  }
}

function exportedAttributes(type: AssetsObjectType, config: ExportConfig): AssetsAttribute[] {
  const excluded = new Set(config.excludedAttributeIds ?? []);
  const seen = new Set<string>();
  return type.attributes.filter((a) => {
    if (a.system || a.label || excluded.has(a.id) || seen.has(a.id)) return false;
    seen.add(a.id);
    return true;
  });
}

/**
 * The mapping for the config's schemas and object types (all non-abstract types of the schemas when
 * `objectTypeIds` is absent; abstract types never get a table — their attributes reach their children, whose
 * attribute lists include inherited ones). Tables follow the config's schema order, then numeric type id.
 */
export function buildMapping(
  workspaceId: string,
  types: readonly AssetsObjectType[],
  config: ExportConfig,
): ExportMapping {
  const schemaOrder = new Map(config.schemaIds.map((id, i) => [id, i]));
  const candidates = types
    .filter((t) => !t.abstract && schemaOrder.has(t.schemaId))
    .filter((t, i, all) => all.findIndex((o) => o.id === t.id) === i)
    .sort(
      (a, b) =>
        (schemaOrder.get(a.schemaId) ?? 0) - (schemaOrder.get(b.schemaId) ?? 0) || compareIds(a.id, b.id),
    );
  const selected = config.objectTypeIds ? new Set(config.objectTypeIds) : undefined;

  // Table names are claimed over every candidate type (selected or not), so selecting another type later never
  // renames an existing table: admin renames first, then the lowest type id keeps the plain name.
  const tableNames = new NameRegistry();
  const nameOf = new Map<string, string>();
  const renamed = config.tableNames ?? {};
  const byId = [...candidates].sort((a, b) => compareIds(a.id, b.id));
  for (const pass of [true, false]) {
    for (const t of byId) {
      const override = renamed[t.id];
      const hasOverride = override !== undefined && override.trim() !== '';
      if (hasOverride !== pass) continue;
      nameOf.set(t.id, tableNames.claim(sqlName(hasOverride ? override : t.name, 't', t.id), t.id));
    }
  }

  const chosen = candidates.filter((t) => !selected || selected.has(t.id));
  const tables = chosen.map((type): TableMapping => {
    const tableName = nameOf.get(type.id) ?? sqlName(type.name, 't', type.id);
    const attributes = exportedAttributes(type, config);
    const columnNames = new NameRegistry();
    for (const c of SYSTEM_COLUMNS) columnNames.reserve(c.name);
    const namesOf = new Map<string, string[]>();
    const renames = config.columnNames ?? {};
    for (const a of [...attributes].sort((x, y) => compareIds(x.id, y.id))) {
      const override = renames[a.id];
      const stem = sqlName(override !== undefined && override.trim() !== '' ? override : a.name, 'c', a.id);
      if (isMultiValued(a)) {
        namesOf.set(a.id, [columnNames.claim(stem, a.id)]);
      } else {
        namesOf.set(
          a.id,
          columnNames.claimGroup(
            stem,
            partsOf(a.kind).map(([tail]) => tail),
            a.id,
          ),
        );
      }
    }
    const columns: ColumnMapping[] = [...SYSTEM_COLUMNS];
    const links: LinkTableMapping[] = [];
    for (const a of attributes) {
      const names = namesOf.get(a.id) ?? [];
      const target = a.referenceObjectTypeId ? nameOf.get(a.referenceObjectTypeId) : undefined;
      const targetExported = target !== undefined && chosen.some((t) => t.id === a.referenceObjectTypeId);
      const column = (name: string, part: 'value' | 'id' | 'name', type: SqlType): ColumnMapping => ({
        name,
        type,
        source: { kind: 'attribute', attributeId: a.id, part },
        assetsName: a.name,
        ...(a.kind === 'reference' && targetExported ? { references: target } : {}),
      });
      if (isMultiValued(a)) {
        const base = names[0] ?? sqlName(a.name, 'c', a.id);
        const parts = partsOf(a.kind);
        const cols = parts.map(([tail, part, type]) => column(fitName(LINK_VALUE, tail), part, type));
        const idColumn = cols.find((c) => c.source.kind === 'attribute' && c.source.part === 'id');
        const valueColumn = idColumn ?? cols[0] ?? column(LINK_VALUE, 'value', 'text');
        const nameColumn = cols.find((c) => c !== valueColumn);
        links.push({
          name: `${tableName}__${base}`,
          attributeId: a.id,
          valueColumn,
          ...(nameColumn ? { nameColumn } : {}),
        });
      } else {
        partsOf(a.kind).forEach(([, part, type], i) => {
          columns.push(column(names[i] ?? fitName(sqlName(a.name, 'c', a.id), part), part, type));
        });
      }
    }
    return { objectTypeId: type.id, name: tableName, columns, links, assetsName: type.name };
  });

  // Link table names: `<table>__<column>`. Main names never contain `__` (snake_case collapses underscores),
  // so only truncation could make two collide; the registry settles that with the attribute id.
  for (const table of tables) tableNames.reserve(table.name);
  const finalTables = tables.map((table) => ({
    ...table,
    links: table.links.map((link) => ({
      ...link,
      name: tableNames.claim(fitName(link.name), link.attributeId),
    })),
  }));
  return { workspaceId, tables: finalTables };
}

const SYSTEM_FIELD_BY_NAME: Readonly<Record<string, string>> = {
  key: 'objectKey',
  created: 'created',
  updated: 'updated',
};

/**
 * Where each attribute of `type` lands in `mapping` (attribute id → name; every attribute of the type has an
 * entry):
 * - a single-valued attribute: its column — the first one when it is stored as several (`owner` of `owner` and
 *   `owner_id` for users and statuses; `<name>_id` for references);
 * - a multi-valued attribute: its link table (`<table>__<name>`);
 * - the label attribute: `label`; the system attributes Key, Created and Updated: `object_key`, `created_at`,
 *   `updated_at`;
 * - `null` when it has no column: the type has no table in `mapping` (abstract or not selected), the attribute is
 *   excluded, or it is a system attribute the mapping does not know.
 */
export function attributeColumns(
  mapping: ExportMapping,
  type: Pick<AssetsObjectType, 'id' | 'attributes'>,
): Map<string, string | null> {
  const table = mapping.tables.find((t) => t.objectTypeId === type.id);
  const out = new Map<string, string | null>();
  const systemColumn = (field: string) =>
    table?.columns.find((c) => c.source.kind === 'system' && c.source.field === field)?.name ?? null;
  for (const a of type.attributes) {
    if (out.has(a.id)) continue;
    if (!table) {
      out.set(a.id, null);
    } else if (a.label) {
      out.set(a.id, systemColumn('label'));
    } else if (a.system) {
      const field = SYSTEM_FIELD_BY_NAME[a.name.trim().toLowerCase()];
      out.set(a.id, field ? systemColumn(field) : null);
    } else {
      const link = table.links.find((l) => l.attributeId === a.id);
      const column = table.columns.find(
        (c) => c.source.kind === 'attribute' && c.source.attributeId === a.id,
      );
      out.set(a.id, link?.name ?? column?.name ?? null);
    }
  }
  return out;
}

/** The columns of a link table, in order: `object_id`, `position`, then the name column (if any) and value. */
export function linkColumns(link: LinkTableMapping): { readonly name: string; readonly type: SqlType }[] {
  return [
    { name: OBJECT_ID_COLUMN, type: 'id' },
    { name: POSITION_COLUMN, type: 'bigint' },
    ...(link.nameColumn ? [link.nameColumn] : []),
    link.valueColumn,
  ];
}

/** A value that could not be converted: exported as NULL and counted. */
export interface ValueWarning {
  readonly table: string;
  readonly column: string;
  readonly objectId: string;
  readonly attributeId?: string;
  readonly reason: string;
  /** The offending value, cut to 50 characters. */
  readonly value?: string;
}

export interface ObjectRows {
  readonly row: SqlRow;
  /** Link table name → this object's rows, for every link table of the table (empty when none). */
  readonly links: Readonly<Record<string, readonly SqlRow[]>>;
  readonly warnings: readonly ValueWarning[];
}

function rawPart(
  kind: AttributeKind,
  part: 'value' | 'id' | 'name',
  v: AssetsValue,
  workspaceId: string,
): string | undefined {
  switch (kind) {
    case 'reference': {
      const id =
        v.referencedObjectId ?? (v.value !== undefined && /^\d+$/.test(v.value) ? v.value : undefined);
      return id === undefined ? undefined : objectKeyId(workspaceId, id);
    }
    case 'user':
      return part === 'id' ? (v.user?.accountId ?? v.value) : (v.user?.displayName ?? v.displayValue);
    case 'status':
      return part === 'id' ? v.status?.id : (v.status?.name ?? v.displayValue ?? v.value);
    case 'group':
      return v.group?.name ?? v.value ?? v.displayValue;
    default:
      return v.value ?? v.displayValue;
  }
}

function kindFor(column: ColumnMapping, attributes: ReadonlyMap<string, AssetsAttribute>): AttributeKind {
  if (column.source.kind !== 'attribute') return 'text';
  const known = attributes.get(column.source.attributeId)?.kind;
  if (known) return known;
  if (column.references !== undefined) return 'reference';
  return 'unknown';
}

/**
 * One object → its row and its link rows, values converted to their column types. Never throws on data:
 * an unparseable value becomes NULL and a warning; a single-valued attribute with several values keeps the
 * first (and warns); an empty string in a non-text column is NULL.
 */
export function rowsForObject(
  table: TableMapping,
  workspaceId: string,
  object: AssetsObject,
  attributes: ReadonlyMap<string, AssetsAttribute>,
  /** Start of the run writing the row, epoch ms (NULL when rows are built outside a run, e.g. previews). */
  runMs?: number,
): ObjectRows {
  const objectId = objectKeyId(workspaceId, object.id);
  const warnings: ValueWarning[] = [];
  const warn = (column: string, reason: string, value?: string, attributeId?: string) =>
    warnings.push({
      table: table.name,
      column,
      objectId,
      reason,
      ...(attributeId !== undefined ? { attributeId } : {}),
      ...(value !== undefined ? { value: value.slice(0, 50) } : {}),
    });
  const convert = (
    raw: string | undefined,
    type: SqlType,
    column: string,
    attributeId?: string,
  ): SqlValue => {
    if (raw === undefined) return null;
    if (type !== 'text' && raw.trim() === '') return null;
    const parsed = convertValue(raw, type);
    if (parsed.ok) return parsed.value;
    warn(column, parsed.reason, raw, attributeId);
    return null;
  };

  const row: Record<string, SqlValue> = {};
  const multiWarned = new Set<string>();
  for (const column of table.columns) {
    const source = column.source;
    if (source.kind === 'system') {
      switch (source.field) {
        case 'objectId':
          row[column.name] = objectId;
          break;
        case 'objectKey':
          row[column.name] = object.objectKey;
          break;
        case 'label':
          row[column.name] = object.label;
          break;
        case 'created':
          row[column.name] = convert(object.created, column.type, column.name);
          break;
        case 'updated':
          row[column.name] = convert(object.updated, column.type, column.name);
          break;
        case 'run':
          row[column.name] = runMs ?? null;
          break;
      }
      continue;
    }
    const values = object.values[source.attributeId] ?? [];
    if (values.length > 1 && !multiWarned.has(source.attributeId)) {
      multiWarned.add(source.attributeId);
      warn(
        column.name,
        'several values for a single-valued attribute; the first is exported',
        undefined,
        source.attributeId,
      );
    }
    const first = values[0];
    const kind = kindFor(column, attributes);
    row[column.name] = first
      ? convert(rawPart(kind, source.part, first, workspaceId), column.type, column.name, source.attributeId)
      : null;
  }

  const links: Record<string, SqlRow[]> = {};
  for (const link of table.links) {
    const rows: SqlRow[] = [];
    const kind =
      attributes.get(link.attributeId)?.kind ?? (link.valueColumn.references ? 'reference' : 'unknown');
    for (const v of object.values[link.attributeId] ?? []) {
      const cells: Record<string, SqlValue> = {};
      let present = false;
      for (const c of link.nameColumn ? [link.nameColumn, link.valueColumn] : [link.valueColumn]) {
        const part = c.source.kind === 'attribute' ? c.source.part : 'value';
        const value = convert(rawPart(kind, part, v, workspaceId), c.type, c.name, link.attributeId);
        cells[c.name] = value;
        if (value !== null) present = true;
      }
      if (present) rows.push({ [OBJECT_ID_COLUMN]: objectId, [POSITION_COLUMN]: rows.length, ...cells });
    }
    links[link.name] = rows;
  }
  return { row, links, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// Drift

function columnKey(c: ColumnMapping): string {
  return c.source.kind === 'system' ? `system:${c.source.field}` : `${c.source.attributeId}:${c.source.part}`;
}

function diffColumns(
  table: string,
  before: readonly ColumnMapping[],
  after: readonly ColumnMapping[],
  changes: MappingChange[],
): void {
  const old = new Map(before.map((c) => [columnKey(c), c]));
  const seen = new Set<string>();
  for (const column of after) {
    const key = columnKey(column);
    seen.add(key);
    const previous = old.get(key);
    if (!previous) changes.push({ kind: 'column-added', table, column });
    else if (previous.name !== column.name)
      changes.push({ kind: 'column-renamed', table, from: previous.name, column });
    else if (previous.type !== column.type)
      changes.push({ kind: 'column-retyped', table, column, from: previous.type });
  }
  for (const [key, column] of old)
    if (!seen.has(key)) changes.push({ kind: 'column-removed', table, column });
}

const linkValueColumns = (link: LinkTableMapping): ColumnMapping[] =>
  link.nameColumn ? [link.nameColumn, link.valueColumn] : [link.valueColumn];

/**
 * What changed from `previous` (the mapping of the last export; `undefined` for the first) to `next`, matched
 * by object type id, attribute id and part — so an admin rename is a rename, not a removal plus an addition.
 * A renamed table is recreated under its new name (and filled by the next full export), so its columns are
 * not diffed. Removals are only reported: nothing is ever dropped.
 */
export function diffMappings(previous: ExportMapping | undefined, next: ExportMapping): MappingChange[] {
  const changes: MappingChange[] = [];
  const oldTables = new Map((previous?.tables ?? []).map((t) => [t.objectTypeId, t]));
  const nextIds = new Set(next.tables.map((t) => t.objectTypeId));
  for (const table of next.tables) {
    const old = oldTables.get(table.objectTypeId);
    const objectTypeId = table.objectTypeId;
    if (!old) {
      changes.push({ kind: 'table-added', table: table.name, objectTypeId });
      for (const link of table.links)
        changes.push({ kind: 'table-added', table: link.name, objectTypeId, attributeId: link.attributeId });
      continue;
    }
    if (old.name !== table.name)
      changes.push({ kind: 'table-renamed', from: old.name, to: table.name, objectTypeId });
    else diffColumns(table.name, old.columns, table.columns, changes);
    const oldLinks = new Map(old.links.map((l) => [l.attributeId, l]));
    for (const link of table.links) {
      const attributeId = link.attributeId;
      const was = oldLinks.get(attributeId);
      oldLinks.delete(attributeId);
      if (!was) changes.push({ kind: 'table-added', table: link.name, objectTypeId, attributeId });
      else if (was.name !== link.name)
        changes.push({ kind: 'table-renamed', from: was.name, to: link.name, objectTypeId, attributeId });
      else diffColumns(link.name, linkValueColumns(was), linkValueColumns(link), changes);
    }
    for (const gone of oldLinks.values())
      changes.push({ kind: 'table-removed', table: gone.name, objectTypeId, attributeId: gone.attributeId });
  }
  for (const old of previous?.tables ?? []) {
    if (nextIds.has(old.objectTypeId)) continue;
    changes.push({ kind: 'table-removed', table: old.name, objectTypeId: old.objectTypeId });
    for (const link of old.links)
      changes.push({
        kind: 'table-removed',
        table: link.name,
        objectTypeId: old.objectTypeId,
        attributeId: link.attributeId,
      });
  }
  return changes;
}

/** Type changes the dialects convert automatically: nothing can fail and no value is lost. */
export function isSafeRetype(from: SqlType, to: SqlType): boolean {
  return (
    (to === 'text' && from !== 'text') ||
    (from === 'bigint' && to === 'double') ||
    (from === 'date' && to === 'timestamptz') ||
    (from === 'id' && to === 'text')
  );
}

const TYPE_WORDS: Readonly<Record<SqlType, string>> = {
  text: 'text',
  id: 'id text',
  bigint: 'integer',
  double: 'number',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  timestamptz: 'date-time',
};

const named = (c: ColumnMapping): string => (c.assetsName ? ` (attribute "${c.assetsName}")` : '');

/** One plain-English line per change, for the admin (SQL names are quoted the way the admin will query them). */
export function describeChanges(changes: readonly MappingChange[]): string[] {
  return changes.map(describeChange);
}

function describeChange(change: MappingChange): string {
  switch (change.kind) {
    case 'table-added':
      return change.attributeId
        ? `New link table "${change.table}" for the multi-valued attribute ${change.attributeId}.`
        : `New table "${change.table}" for object type ${change.objectTypeId}.`;
    case 'table-renamed':
      return `Table "${change.from}" is now "${change.to}": "${change.to}" is created and filled by the next full export; "${change.from}" is kept as it is — drop it when you no longer need it.`;
    case 'table-removed':
      return change.attributeId
        ? `Link table "${change.table}" is no longer exported (attribute ${change.attributeId} removed, excluded or no longer multi-valued); it is kept as it is — drop it when you no longer need it.`
        : `Table "${change.table}" is no longer exported (object type ${change.objectTypeId} removed or deselected); it is kept as it is — drop it when you no longer need it.`;
    case 'column-added':
      return `New column "${change.table}"."${change.column.name}"${named(change.column)}, ${TYPE_WORDS[change.column.type]}.`;
    case 'column-renamed':
      return `Column "${change.table}"."${change.from}" is now "${change.column.name}"${named(change.column)}: the new column is added and filled by the next full export; "${change.from}" is kept with its last values.`;
    case 'column-removed':
      return `Column "${change.table}"."${change.column.name}"${named(change.column)} is no longer exported; it is kept with its last values — drop it when you no longer need it.`;
    case 'column-retyped':
      return isSafeRetype(change.from, change.column.type)
        ? `Column "${change.table}"."${change.column.name}"${named(change.column)} changes from ${TYPE_WORDS[change.from]} to ${TYPE_WORDS[change.column.type]}; it is converted automatically (SQLite keeps the declared type: its columns accept any value).`
        : `Column "${change.table}"."${change.column.name}"${named(change.column)} changes from ${TYPE_WORDS[change.from]} to ${TYPE_WORDS[change.column.type]}; it is NOT converted automatically because existing values may not fit — convert it yourself (the SQL shows how); until then, values that do not fit the old type fail to load.`;
  }
}
