/**
 * What the four dialects share: value validation, text cleaning, row chunking and the statement plan
 * (create → upsert / replace links / delete → alter). Each dialect supplies a `DialectRules`.
 */
import { isSafeRetype, linkColumns, OBJECT_ID_COLUMN, RUN_COLUMN } from '../mapping';
import type {
  Dialect,
  ExportMapping,
  LinkTableMapping,
  MappingChange,
  SqlRow,
  SqlType,
  SqlValue,
  TableMapping,
} from '../model';
import { DATE_PATTERN, INT64_MAX, INT64_MIN, TIME_PATTERN, TIMESTAMP_PATTERN } from '../values';

/** A column as the SQL layer needs it. */
export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
}

export interface SqlDialect {
  readonly name: Dialect;
  quoteIdentifier(name: string): string;
  literal(value: SqlValue, type: SqlType): string;
  columnType(type: SqlType): string;
  createTables(mapping: ExportMapping): string;
  alter(changes: readonly MappingChange[], mapping: ExportMapping): string;
  upsert(table: TableMapping, rows: readonly SqlRow[]): string;
  replaceLinks(link: LinkTableMapping, ownerIds: readonly string[], rows: readonly SqlRow[]): string;
  deleteObjects(table: TableMapping, objectIds: readonly string[]): string;
  /**
   * A full run's last word on a table: rows no run since `runMs` wrote (objects gone from Assets, or rows the
   * database held from elsewhere) are deleted, then link rows whose owner is gone.
   */
  sweep(table: TableMapping, runMs: number): string;
  header(comment: string): string;
}

/** Bounds of one multi-row statement. */
export const MAX_ROWS_PER_STATEMENT = 500;
export const MAX_BYTES_PER_STATEMENT = 1_000_000;

/** A value `literal` cannot render for its column type — a programming error, never caused by Assets data. */
export class SqlValueError extends Error {
  override readonly name = 'SqlValueError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as every dialect stores it: NUL (which PostgreSQL text cannot hold and the CLIs cannot read) and
 * unpaired UTF-16 surrogates (which no UTF-8 database can hold) become U+FFFD. Everything else is kept as is.
 */
export function cleanText(text: string): string {
  return text.replace(/\0/g, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}

/** UTF-8 byte length without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The canonical text of a non-null value for `type` (digits, ISO date…), or a `SqlValueError`. */
export type Checked =
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'integer'; readonly text: string }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'temporal'; readonly text: string };

export function checkValue(value: Exclude<SqlValue, null>, type: SqlType): Checked {
  const bad = (): never => {
    throw new SqlValueError(`${typeof value} ${String(value).slice(0, 40)} is not a valid ${type} value`);
  };
  switch (type) {
    case 'text':
    case 'id':
      return { kind: 'string', text: cleanText(String(value)) };
    case 'bigint': {
      let big: bigint;
      if (typeof value === 'bigint') big = value;
      else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
      else if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) big = BigInt(value);
      else return bad();
      if (big < INT64_MIN || big > INT64_MAX) return bad();
      return { kind: 'integer', text: big.toString() };
    }
    case 'double':
      if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'double', value };
      if (typeof value === 'bigint') return { kind: 'double', value: Number(value) };
      return bad();
    case 'boolean':
      return typeof value === 'boolean' ? { kind: 'boolean', value } : bad();
    case 'date':
      return typeof value === 'string' && DATE_PATTERN.test(value)
        ? { kind: 'temporal', text: value }
        : bad();
    case 'time':
      return typeof value === 'string' && TIME_PATTERN.test(value)
        ? { kind: 'temporal', text: value }
        : bad();
    case 'timestamptz':
      return typeof value === 'string' && TIMESTAMP_PATTERN.test(value)
        ? { kind: 'temporal', text: value }
        : bad();
  }
}

/** Shortest round-trip text of a finite double (`-0` renders as `0`); `E0` is appended when asked. */
export function doubleText(value: number, forceExponent: boolean): string {
  const text = String(value);
  return forceExponent && !/e/i.test(text) ? `${text}E0` : text;
}

/** Splits rendered rows into groups within the statement bounds (a huge row gets a statement of its own). */
export function chunkRows(rendered: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const row of rendered) {
    const size = utf8Length(row) + 3;
    if (
      current.length > 0 &&
      (current.length >= MAX_ROWS_PER_STATEMENT || bytes + size > MAX_BYTES_PER_STATEMENT)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Keeps the last row per object id (an upsert may not touch a row twice), in first-seen order. */
export function lastRowPerObject(rows: readonly SqlRow[]): SqlRow[] {
  const byId = new Map<string, SqlRow>();
  for (const row of rows) {
    const id = row[OBJECT_ID_COLUMN];
    if (typeof id !== 'string') throw new SqlValueError(`row without a string ${OBJECT_ID_COLUMN}`);
    byId.set(id, row);
  }
  return [...byId.values()];
}

/** Each value of `ids` once, in order. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Splits a list into pieces of at most `size`. */
export function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/** `-- ` comment lines, safe for every CLI: control characters dropped, sqlcmd's `$(` defused. */
export function commentLines(comment: string): string {
  return `${cleanText(comment)
    .replace(/[\r\n]+$/, '')
    .split(/\r\n|\r|\n/)
    .map((line) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      `-- ${line.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').replace(/\$\(/g, '$ (')}`.trimEnd(),
    )
    .join('\n')}\n`;
}

/** The dialect-specific pieces; `makeDialect` builds the full `SqlDialect` from them. */
export interface DialectRules {
  readonly name: Dialect;
  quoteIdentifier(name: string): string;
  /** `text` is already cleaned (no NUL, no lone surrogates). */
  stringLiteral(text: string): string;
  booleanLiteral(value: boolean): string;
  doubleLiteral(value: number): string;
  temporalLiteral(text: string, type: 'date' | 'time' | 'timestamptz'): string;
  columnType(type: SqlType): string;
  /** Statement terminator: `;\n` (SQL Server adds sqlcmd's `GO` line after DDL). */
  readonly ddlEnd: string;
  readonly dmlEnd: string;
  createTable(name: string, columns: readonly ColumnDef[], primaryKey: readonly string[]): string;
  addColumn(table: string, column: ColumnDef): string;
  /** The conversion for a safe type change (`isSafeRetype`); unsafe ones are rendered as a comment. */
  retypeColumn(table: string, column: ColumnDef, from: SqlType): string;
  /** The statement that converts a column by hand (shown commented out for unsafe changes). */
  manualRetype(table: string, column: ColumnDef, from: SqlType): string;
  /** One upsert statement (without terminator) for already-rendered rows. */
  upsertStatement(table: string, columns: readonly ColumnDef[], rows: readonly string[][]): string;
  /** One plain INSERT statement (without terminator). */
  insertStatement(table: string, columns: readonly ColumnDef[], rows: readonly string[][]): string;
  header(comment: string): string;
}

export function tableColumns(table: TableMapping): ColumnDef[] {
  return table.columns.map((c) => ({ name: c.name, type: c.type }));
}

function findTable(
  mapping: ExportMapping,
  name: string,
): { columns: ColumnDef[]; primaryKey: string[] } | undefined {
  for (const table of mapping.tables) {
    if (table.name === name) return { columns: tableColumns(table), primaryKey: [OBJECT_ID_COLUMN] };
    for (const link of table.links)
      if (link.name === name)
        return {
          columns: linkColumns(link),
          primaryKey: linkColumns(link)
            .slice(0, 2)
            .map((c) => c.name),
        };
  }
  return undefined;
}

export function makeDialect(rules: DialectRules): SqlDialect {
  const literal = (value: SqlValue, type: SqlType): string => {
    if (value === null) return 'NULL';
    const checked = checkValue(value, type);
    switch (checked.kind) {
      case 'string':
        return rules.stringLiteral(checked.text);
      case 'integer':
        return checked.text;
      case 'double':
        return rules.doubleLiteral(checked.value);
      case 'boolean':
        return rules.booleanLiteral(checked.value);
      case 'temporal':
        return rules.temporalLiteral(checked.text, type as 'date' | 'time' | 'timestamptz');
    }
  };
  const renderRows = (columns: readonly ColumnDef[], rows: readonly SqlRow[]): string[][] =>
    rows.map((row) => columns.map((c) => literal(row[c.name] ?? null, c.type)));
  const statements = (
    rendered: readonly string[][],
    build: (rows: readonly string[][]) => string,
    end: string,
  ): string => {
    const lines = rendered.map((r) => r.join(', '));
    let out = '';
    let start = 0;
    for (const chunk of chunkRows(lines)) {
      out += `${build(rendered.slice(start, start + chunk.length))}${end}`;
      start += chunk.length;
    }
    return out;
  };
  const deleteWhereOwner = (table: string, ids: readonly string[]): string =>
    inGroups(uniqueIds(ids), MAX_ROWS_PER_STATEMENT)
      .map(
        (group) =>
          `DELETE FROM ${rules.quoteIdentifier(table)} WHERE ${rules.quoteIdentifier(OBJECT_ID_COLUMN)} IN (${group
            .map((id) => literal(id, 'id'))
            .join(', ')})${rules.dmlEnd}`,
      )
      .join('');

  const createFor = (mapping: ExportMapping, name: string): string => {
    const found = findTable(mapping, name);
    return found
      ? rules.createTable(name, found.columns, found.primaryKey)
      : commentLines(`table "${name}" is not in the mapping; nothing to create`);
  };

  return {
    name: rules.name,
    quoteIdentifier: rules.quoteIdentifier,
    literal,
    columnType: rules.columnType,
    header: rules.header,
    createTables(mapping) {
      let out = '';
      for (const table of mapping.tables) {
        out += rules.createTable(table.name, tableColumns(table), [OBJECT_ID_COLUMN]);
        for (const link of table.links) {
          const columns = linkColumns(link);
          out += rules.createTable(
            link.name,
            columns,
            columns.slice(0, 2).map((c) => c.name),
          );
        }
      }
      return out;
    },
    alter(changes, mapping) {
      let out = '';
      for (const change of changes) {
        switch (change.kind) {
          case 'table-added':
            out += createFor(mapping, change.table);
            break;
          case 'table-renamed':
            out += commentLines(`table "${change.from}" is now "${change.to}"; "${change.from}" is kept`);
            out += createFor(mapping, change.to);
            break;
          case 'table-removed':
            out += commentLines(`table "${change.table}" is no longer exported; it is kept (never dropped)`);
            break;
          case 'column-removed':
            out += commentLines(
              `column "${change.table}"."${change.column.name}" is no longer exported; it is kept (never dropped)`,
            );
            break;
          case 'column-added':
          case 'column-renamed': {
            if (change.kind === 'column-renamed')
              out += commentLines(
                `column "${change.table}"."${change.from}" is now "${change.column.name}"; "${change.from}" is kept`,
              );
            out += rules.addColumn(change.table, { name: change.column.name, type: change.column.type });
            break;
          }
          case 'column-retyped': {
            const column = { name: change.column.name, type: change.column.type };
            out += isSafeRetype(change.from, change.column.type)
              ? rules.retypeColumn(change.table, column, change.from)
              : commentLines(
                  `column "${change.table}"."${column.name}" changes from ${change.from} to ${column.type}; not converted automatically (existing values may not fit). To convert it:\n${rules.manualRetype(change.table, column, change.from)}`,
                );
            break;
          }
        }
      }
      return out;
    },
    upsert(table, rows) {
      const columns = tableColumns(table);
      const unique = lastRowPerObject(rows);
      return statements(
        renderRows(columns, unique),
        (chunk) => rules.upsertStatement(table.name, columns, chunk),
        rules.dmlEnd,
      );
    },
    replaceLinks(link, ownerIds, rows) {
      const columns = linkColumns(link);
      const owners = uniqueIds([
        ...ownerIds,
        ...rows.map((r) => r[OBJECT_ID_COLUMN]).filter((id): id is string => typeof id === 'string'),
      ]);
      return (
        deleteWhereOwner(link.name, owners) +
        statements(
          renderRows(columns, rows),
          (chunk) => rules.insertStatement(link.name, columns, chunk),
          rules.dmlEnd,
        )
      );
    },
    sweep(table, runMs) {
      if (!Number.isSafeInteger(runMs) || runMs < 0) throw new SqlValueError(`${runMs} is not a run time`);
      const q = rules.quoteIdentifier;
      const id = q(OBJECT_ID_COLUMN);
      const marker = q(RUN_COLUMN);
      return (
        `DELETE FROM ${q(table.name)} WHERE ${marker} IS NULL OR ${marker} < ${runMs}${rules.dmlEnd}` +
        table.links
          .map(
            (link) =>
              `DELETE FROM ${q(link.name)} WHERE NOT EXISTS (SELECT 1 FROM ${q(table.name)} WHERE ${q(table.name)}.${id} = ${q(link.name)}.${id})${rules.dmlEnd}`,
          )
          .join('')
      );
    },
    deleteObjects(table, objectIds) {
      return (
        table.links.map((link) => deleteWhereOwner(link.name, objectIds)).join('') +
        deleteWhereOwner(table.name, objectIds)
      );
    },
  };
}
