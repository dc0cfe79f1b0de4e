/**
 * The export engine, sans I/O. A run is a sequence of small, resumable steps:
 *
 *   planNext(ctx, position)              → what to fetch next (metadata, one page of objects, key sets, or done)
 *   applyFetched(ctx, position, fetched) → { sql, next position, stats, what to persist }
 *
 * The I/O loop (src/resolvers/pull.ts) only executes plans against Assets/KVS and concatenates SQL. Every step is a
 * pure function of (run info, attribute definitions, position, fetched data), so resuming from any cursor gives the
 * same SQL an uninterrupted run would have produced (test/engine-resume.test.ts).
 *
 * Phases:
 * - `ddl`: attribute definitions are fetched once per type for the whole run (the I/O keeps them in the run state),
 *   the mapping is built, and chunk 0 is `createTables` plus `alter` for drift against the previous run's mapping.
 * - `objects`: per table, keyset-partitioned by objectId:
 *   `objectTypeId = T AND objectId > after ORDER BY objectId ASC`, always `startAt=0`, `maxResults ≤ 999`. Each query
 *   therefore asks for at most 999 results (never pages past the 1,000-result window some Assets sites enforce), and
 *   gaps in the id space cost nothing: the ordered query jumps straight to the next existing object, so ids spread
 *   over millions need exactly ⌈n / pageSize⌉ requests (+1 only when n is an exact multiple). Each page becomes an
 *   upsert plus link-table replacement (every row marked with the run's start, `a2s_run_ms`), and its ids are
 *   handed back to be remembered (`seen`) for deletions.
 * - `scan` (incremental runs with a baseline): per table, the ids of every object now in Assets, without attributes
 *   (999 per request), remembered as `seen` — no SQL.
 * - `deletes`: a full run sweeps each table (rows marked before the run started are gone from Assets or were never
 *   ours: deleted, with their link rows), so a full run leaves the database equal to Assets whatever it held. An
 *   incremental run deletes, per table, what its consumer may hold (the union of the key sets of `knownRuns`, the
 *   runs it started since its last completed one) minus what the scan found → `deleteObjects`.
 * - `done`.
 *
 * `since` (ISO time) makes a run incremental: objects `Updated >= "yyyy-MM-dd HH:mm"`, then scan and deletes.
 */
import { aql, aqlId, aqlRaw } from '@suite/aql';
import type { Position } from './cursor';
import { differenceSorted } from './idset';
import type {
  AssetsAttribute,
  AssetsObject,
  AssetsObjectType,
  Dialect,
  ExportConfig,
  ExportMapping,
  LinkTableMapping,
  SqlRow,
  TableMapping,
} from './model';

// ------------------------------------------------------------------ the SQL layer, as the engine uses it

export interface ObjectRows {
  readonly row: SqlRow;
  /** Link table name → this object's rows. */
  readonly links: Readonly<Record<string, readonly SqlRow[]>>;
  /** Values that could not be converted (exported as NULL). */
  readonly warnings?: readonly unknown[];
}

/** Statement builders of one dialect. Every function returns complete statements (possibly empty). */
export interface DialectSql {
  header(comment: string): string;
  createTables(mapping: ExportMapping): string;
  alter(changes: unknown, mapping: ExportMapping): string;
  upsert(table: TableMapping, rows: readonly SqlRow[]): string;
  replaceLinks(link: LinkTableMapping, ownerIds: readonly string[], rows: readonly SqlRow[]): string;
  /** Deletes the objects (composite `object_id`s) and their link rows. */
  deleteObjects(table: TableMapping, ids: readonly string[]): string;
  /** Deletes rows not written by a run started at or after `runMs`, and link rows without an owner. */
  sweep(table: TableMapping, runMs: number): string;
}

/** The mapping and SQL rendering the engine needs (implemented by src/domain/mapping.ts + src/domain/sql/). */
export interface SqlLayer {
  buildMapping(workspaceId: string, types: readonly AssetsObjectType[], config: ExportConfig): ExportMapping;
  rowsForObject(
    table: TableMapping,
    workspaceId: string,
    object: AssetsObject,
    attributesById: ReadonlyMap<string, AssetsAttribute>,
    runMs?: number,
  ): ObjectRows;
  diffMappings(previous: ExportMapping, next: ExportMapping): unknown;
  /** Human-readable lines, empty when nothing changed. */
  describeChanges(changes: unknown): readonly string[];
  dialectFor(dialect: Dialect): DialectSql;
}

// ------------------------------------------------------------------ run context

export interface EngineOptions {
  /** `maxResults` of each AQL page (≤ 999: `maxResults ≥ 1000` broke `isLast`, JSDCLOUD-16556). */
  readonly pageSize: number;
  /** Ids per `deleteObjects` statement. */
  readonly deleteBatch: number;
  /** Deleted ids per step (keeps a delete chunk well under the response budget). */
  readonly maxDeletesPerStep: number;
  /** `maxResults` of an id-only scan page (no attributes, so the largest page Assets allows). */
  readonly scanPageSize: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  pageSize: 500,
  scanPageSize: 999,
  deleteBatch: 500,
  maxDeletesPerStep: 20_000,
};

/** What is fixed when a run starts (persisted with the run; the cursor only points at it). */
export interface RunInfo {
  readonly runId: string;
  readonly exportId: string;
  readonly dialect: Dialect;
  /** ISO date-time: an incremental run (objects updated since then, then scan and deletes). */
  readonly since?: string;
  /**
   * The `since` a pull client asked for, when the run is full anyway (its consumer has no usable baseline): a
   * cursor stays bound to what was asked.
   */
  readonly requestedSince?: string;
  readonly workspaceId: string;
  readonly startedAt: string;
  /** The export configuration as it was when the run started (later edits apply to the next run). */
  readonly config: ExportConfig;
  /**
   * Runs whose key sets together cover every object the consumer's database may hold: its last completed run and
   * the runs it started after that one (complete or not), this run excluded.
   */
  readonly knownRuns: readonly string[];
  /** Whose baseline the run reads and commits: `key:<API key id>` for a pull client, `push` for the destination. */
  readonly consumer?: string;
  /**
   * Whose database the run feeds: pull clients (default) or the export's push destination. Each target keeps its
   * own baseline (known runs, last mapping), because they are different databases.
   */
  readonly target?: 'pull' | 'push';
}

export interface EngineContext {
  readonly run: RunInfo;
  /** The run's object types with their attribute definitions (known after the `ddl` step). */
  readonly types?: readonly AssetsObjectType[];
  /** Mapping of the last completed run for this export and dialect (drift → ALTER); only the `ddl` step reads it. */
  readonly previousMapping?: ExportMapping;
  readonly sql: SqlLayer;
  readonly options?: Partial<EngineOptions>;
}

export type Plan =
  | {
      readonly kind: 'metadata';
      readonly schemaIds: readonly string[];
      readonly objectTypeIds?: readonly string[];
    }
  | {
      readonly kind: 'objects';
      readonly typeId: string;
      readonly table: string;
      readonly qlQuery: string;
      readonly maxResults: number;
      /** False for a scan page: ids only. */
      readonly attributes: boolean;
    }
  | {
      readonly kind: 'keysets';
      readonly typeId: string;
      readonly table: string;
      readonly previousRuns: readonly string[];
      readonly currentRun: string;
    }
  /** Nothing to fetch: the SQL follows from the run alone. */
  | { readonly kind: 'sweep'; readonly table: string }
  | { readonly kind: 'done' };

export type Fetched =
  /** Every object type of the schemas; the exported ones (`selectTypes`) with their attribute definitions. */
  | { readonly kind: 'metadata'; readonly types: readonly AssetsObjectType[] }
  | { readonly kind: 'objects'; readonly objects: readonly AssetsObject[]; readonly isLast: boolean }
  | {
      readonly kind: 'keysets';
      /** Sorted unique ids the target database holds for this type (union over `previousRuns`). */
      readonly previous: readonly number[];
      /** Sorted unique ids this run exported for this type. */
      readonly current: readonly number[];
      /** False when part of a previous key set has expired: deletions for the type are skipped, never guessed. */
      readonly complete: boolean;
    }
  | { readonly kind: 'sweep' };

export interface StepStats {
  readonly phase: 'ddl' | 'objects' | 'scan' | 'deletes';
  readonly table?: string;
  readonly objects: number;
  readonly deleted: number;
  /** Values exported as NULL because they could not be converted to their column's type. */
  readonly valueWarnings?: number;
  readonly warnings: readonly string[];
}

export interface StepResult {
  readonly sql: string;
  readonly next: Position;
  readonly stats: StepStats;
  /** After `ddl`: the run's types with attribute definitions, to keep in the run state. */
  readonly types?: readonly AssetsObjectType[];
  /** After an objects page: ids to remember in this run's key set. */
  readonly seen?: { readonly typeId: string; readonly ids: readonly number[] };
}

export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

// ------------------------------------------------------------------ helpers

export function isIncremental(run: RunInfo): boolean {
  return run.since !== undefined;
}

/** The run's start, epoch ms: the value of every row's `a2s_run_ms` and the full run's sweep bound. */
export function runMsOf(run: RunInfo): number {
  const ms = Date.parse(run.startedAt);
  if (!Number.isSafeInteger(ms) || ms < 0) throw new EngineError('The run has no valid start time');
  return ms;
}

function optionsOf(ctx: EngineContext): EngineOptions {
  const options = { ...DEFAULT_ENGINE_OPTIONS, ...(ctx.options ?? {}) };
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 999) {
    throw new EngineError('pageSize must be between 1 and 999');
  }
  return options;
}

/** Object types a configuration exports: non-abstract types of its schemas, narrowed to `objectTypeIds` if set. */
export function selectTypes(
  types: readonly AssetsObjectType[],
  config: Pick<ExportConfig, 'schemaIds' | 'objectTypeIds'>,
): AssetsObjectType[] {
  const schemas = new Set(config.schemaIds);
  const only = config.objectTypeIds && config.objectTypeIds.length > 0 ? new Set(config.objectTypeIds) : null;
  return types.filter((t) => schemas.has(t.schemaId) && !t.abstract && (only === null || only.has(t.id)));
}

/** `object_id` of an object: workspace id + ':' + object id (see model.ts). */
export function objectKeyOf(workspaceId: string, objectId: string | number): string {
  return `${workspaceId}:${objectId}`;
}

const mappingCache = new WeakMap<
  readonly AssetsObjectType[],
  { config: ExportConfig; mapping: ExportMapping }
>();

/** The run's mapping (memoised per types array). */
export function mappingOf(ctx: EngineContext): ExportMapping {
  const types = ctx.types;
  if (!types) throw new EngineError('The run has no metadata yet');
  const cached = mappingCache.get(types);
  if (cached && cached.config === ctx.run.config) return cached.mapping;
  const mapping = ctx.sql.buildMapping(ctx.run.workspaceId, types, ctx.run.config);
  mappingCache.set(types, { config: ctx.run.config, mapping });
  return mapping;
}

/** A one-line SQL comment: control characters (incl. newlines) cannot end the comment early. */
export function sqlComment(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return `-- ${text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')}\n`;
}

function joinSql(parts: readonly string[]): string {
  let out = '';
  for (const part of parts) {
    if (part === '') continue;
    out += part.endsWith('\n') ? part : `${part}\n`;
  }
  return out;
}

/** The AQL for one keyset page of a type. */
export function objectsQuery(typeId: string, after: number, since: string | undefined): string {
  const order = aqlRaw('ORDER BY objectId ASC');
  const where = aql`objectTypeId = ${aqlId(typeId)} AND objectId > ${aqlId(after)}`;
  return String(
    since === undefined ? aql`${where} ${order}` : aql`${where} AND Updated >= ${new Date(since)} ${order}`,
  );
}

function tableAt(mapping: ExportMapping, index: number): TableMapping {
  const table = mapping.tables[index];
  if (!table) throw new EngineError('cursor is not valid for this run');
  return table;
}

/**
 * Where the run goes after table `index` of `phase` is done: objects → (incremental with a baseline: scan →)
 * deletes → done. A full run always sweeps; an incremental run without a baseline has nothing to compare.
 */
function afterTable(
  ctx: EngineContext,
  mapping: ExportMapping,
  phase: 'objects' | 'scan' | 'deletes',
  index: number,
): Position {
  if (index + 1 < mapping.tables.length) return { phase, table: index + 1, after: 0 };
  const reconciles = !isIncremental(ctx.run) || ctx.run.knownRuns.length > 0;
  if (phase === 'deletes' || !reconciles) return { phase: 'done' };
  if (phase === 'objects' && isIncremental(ctx.run)) return { phase: 'scan', table: 0, after: 0 };
  return { phase: 'deletes', table: 0, after: 0 };
}

function firstPosition(mapping: ExportMapping): Position {
  return mapping.tables.length > 0 ? { phase: 'objects', table: 0, after: 0 } : { phase: 'done' };
}

// ------------------------------------------------------------------ the two steps

export function planNext(ctx: EngineContext, position: Position): Plan {
  const options = optionsOf(ctx);
  switch (position.phase) {
    case 'ddl': {
      const { schemaIds, objectTypeIds } = ctx.run.config;
      return { kind: 'metadata', schemaIds, ...(objectTypeIds ? { objectTypeIds } : {}) };
    }
    case 'objects': {
      const table = tableAt(mappingOf(ctx), position.table);
      return {
        kind: 'objects',
        typeId: table.objectTypeId,
        table: table.name,
        qlQuery: objectsQuery(table.objectTypeId, position.after, ctx.run.since),
        maxResults: options.pageSize,
        attributes: true,
      };
    }
    case 'scan': {
      const table = tableAt(mappingOf(ctx), position.table);
      return {
        kind: 'objects',
        typeId: table.objectTypeId,
        table: table.name,
        qlQuery: objectsQuery(table.objectTypeId, position.after, undefined),
        maxResults: options.scanPageSize,
        attributes: false,
      };
    }
    case 'deletes': {
      const table = tableAt(mappingOf(ctx), position.table);
      if (!isIncremental(ctx.run)) return { kind: 'sweep', table: table.name };
      return {
        kind: 'keysets',
        typeId: table.objectTypeId,
        table: table.name,
        previousRuns: ctx.run.knownRuns,
        currentRun: ctx.run.runId,
      };
    }
    case 'done':
      return { kind: 'done' };
  }
}

export function applyFetched(ctx: EngineContext, position: Position, fetched: Fetched): StepResult {
  const options = optionsOf(ctx);
  const dialect = ctx.sql.dialectFor(ctx.run.dialect);
  if (position.phase === 'done') throw new EngineError('The run is finished');

  if (position.phase === 'ddl') {
    if (fetched.kind !== 'metadata') throw new EngineError('The ddl step needs metadata');
    // Every type of the schemas goes to the mapping (it claims table names over all of them, so selecting another
    // type later never renames a table); only the exported ones carry attribute definitions.
    const schemas = new Set(ctx.run.config.schemaIds);
    const types = fetched.types.filter((t) => schemas.has(t.schemaId));
    const next: EngineContext = { ...ctx, types };
    const mapping = mappingOf(next);
    const parts = [dialect.createTables(mapping)];
    const warnings: string[] = [];
    if (ctx.previousMapping) {
      const changes = ctx.sql.diffMappings(ctx.previousMapping, mapping);
      const described = ctx.sql.describeChanges(changes);
      if (described.length > 0) {
        parts.push(...described.map((line) => sqlComment(`schema change: ${line}`)));
        parts.push(dialect.alter(changes, mapping));
        warnings.push(...described);
      }
    }
    return {
      sql: joinSql(parts),
      next: firstPosition(mapping),
      stats: { phase: 'ddl', objects: 0, deleted: 0, warnings },
      types,
    };
  }

  const mapping = mappingOf(ctx);
  const table = tableAt(mapping, position.table);

  if (position.phase === 'objects' || position.phase === 'scan') {
    if (fetched.kind !== 'objects') throw new EngineError('The objects step needs a page of objects');
    const objects = fetched.objects;
    // Keyset paging is only complete if Assets honoured the ordering: refuse rather than silently skip objects.
    let previous = position.after;
    const ids: number[] = [];
    for (const object of objects) {
      const id = /^\d{1,15}$/.test(object.id) ? Number(object.id) : Number.NaN;
      if (!(id > previous) || object.objectTypeId !== table.objectTypeId) {
        throw new EngineError('Assets returned objects out of order or of another type');
      }
      ids.push(id);
      previous = id;
    }
    const lastId = ids[ids.length - 1];
    const pageSize = position.phase === 'scan' ? options.scanPageSize : options.pageSize;
    const finished = lastId === undefined || (fetched.isLast && objects.length < pageSize);
    const next: Position = finished
      ? afterTable(ctx, mapping, position.phase, position.table)
      : { phase: position.phase, table: position.table, after: lastId };
    if (objects.length === 0 || position.phase === 'scan') {
      return {
        sql: '',
        next,
        stats: { phase: position.phase, table: table.name, objects: 0, deleted: 0, warnings: [] },
        ...(ids.length > 0 ? { seen: { typeId: table.objectTypeId, ids } } : {}),
      };
    }
    const type = ctx.types?.find((t) => t.id === table.objectTypeId);
    if (!type) throw new EngineError('The run has no attribute definitions for this type');
    const attributesById = new Map(type.attributes.map((a) => [a.id, a] as const));
    const runMs = runMsOf(ctx.run);
    const rows = objects.map((o) =>
      ctx.sql.rowsForObject(table, ctx.run.workspaceId, o, attributesById, runMs),
    );
    const ownerIds = objects.map((o) => objectKeyOf(ctx.run.workspaceId, o.id));
    const parts = [
      dialect.upsert(
        table,
        rows.map((r) => r.row),
      ),
    ];
    for (const link of table.links) {
      const linkRows = rows.flatMap((r) => r.links[link.name] ?? []);
      parts.push(dialect.replaceLinks(link, ownerIds, linkRows));
    }
    return {
      sql: joinSql(parts),
      next,
      stats: {
        phase: 'objects',
        table: table.name,
        objects: objects.length,
        deleted: 0,
        valueWarnings: rows.reduce((n, r) => n + (r.warnings?.length ?? 0), 0),
        warnings: [],
      },
      seen: { typeId: table.objectTypeId, ids },
    };
  }

  // deletes
  if (!isIncremental(ctx.run)) {
    if (fetched.kind !== 'sweep') throw new EngineError('The sweep step needs no data');
    return {
      sql: dialect.sweep(table, runMsOf(ctx.run)),
      next: afterTable(ctx, mapping, 'deletes', position.table),
      stats: { phase: 'deletes', table: table.name, objects: 0, deleted: 0, warnings: [] },
    };
  }
  if (fetched.kind !== 'keysets') throw new EngineError('The deletes step needs key sets');
  if (!fetched.complete) {
    const warning = `deletions in ${table.name} skipped: the previous run's key set is no longer stored`;
    return {
      sql: sqlComment(warning),
      next: afterTable(ctx, mapping, 'deletes', position.table),
      stats: { phase: 'deletes', table: table.name, objects: 0, deleted: 0, warnings: [warning] },
    };
  }
  const gone = differenceSorted(fetched.previous, fetched.current).filter((id) => id > position.after);
  const batch = gone.slice(0, options.maxDeletesPerStep);
  const more = gone.length > batch.length;
  const parts: string[] = [];
  for (let i = 0; i < batch.length; i += options.deleteBatch) {
    const keys = batch.slice(i, i + options.deleteBatch).map((id) => objectKeyOf(ctx.run.workspaceId, id));
    parts.push(dialect.deleteObjects(table, keys));
  }
  const last = batch[batch.length - 1];
  return {
    sql: joinSql(parts),
    next:
      more && last !== undefined
        ? { phase: 'deletes', table: position.table, after: last }
        : afterTable(ctx, mapping, 'deletes', position.table),
    stats: { phase: 'deletes', table: table.name, objects: 0, deleted: batch.length, warnings: [] },
  };
}
