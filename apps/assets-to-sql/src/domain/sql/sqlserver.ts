/**
 * SQL Server 2016+ / Azure SQL: loadable with `sqlcmd -b -f 65001 -i export.sql`. Every statement is followed
 * by a `GO` line (sqlcmd's batch separator), so a column added by ALTER is visible to the MERGE after it.
 *
 * String literals are `N'…'` with `''`, and never contain a line break, a control character or `$(`:
 * - sqlcmd works line by line (a line `GO` ends a batch, `:r`/`:!!` lines are commands) and substitutes
 *   `$(var)` everywhere, even inside literals;
 * - T-SQL drops a backslash followed by a line break inside a literal (line continuation).
 * Such characters are concatenated as `NCHAR(n)`, `$(` is split as `N'$' + N'('`, and the first piece is cast
 * to `nvarchar(max)` so the concatenation is never truncated at 4000 characters.
 */
import type { SqlType } from '../model';
import {
  type ColumnDef,
  commentLines,
  type DialectRules,
  doubleText,
  makeDialect,
  type SqlDialect,
} from './common';

const TYPES: Readonly<Record<SqlType, string>> = {
  text: 'nvarchar(max)',
  id: 'nvarchar(255)',
  bigint: 'bigint',
  double: 'float',
  boolean: 'bit',
  date: 'date',
  time: 'time(3)',
  timestamptz: 'datetimeoffset(3)',
};

const GO = 'GO\n';
/** Smallest normal double: SQL Server's float has no subnormals. */
const MIN_NORMAL = 2.2250738585072014e-308;

const quote = (name: string): string => `[${name.replace(/\0/g, '').replace(/]/g, ']]')}]`;
const list = (columns: readonly ColumnDef[]): string => columns.map((c) => quote(c.name)).join(', ');

function stringLiteral(text: string): string {
  const pieces: string[] = [];
  let segment = '';
  const flush = () => {
    if (segment !== '') pieces.push(`N'${segment.replace(/'/g, "''")}'`);
    segment = '';
  };
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) {
      flush();
      pieces.push(`NCHAR(${code})`);
    } else if (ch === '(' && segment.endsWith('$')) {
      flush();
      segment = ch;
    } else segment += ch;
  }
  flush();
  if (pieces.length === 0) return "N''";
  if (pieces.length === 1) return pieces[0] ?? "N''";
  return `(CAST(${pieces[0]} AS nvarchar(max)) + ${pieces.slice(1).join(' + ')})`;
}

/**
 * Rows of a multi-row VALUES list: SQL Server types each VALUES column by the highest-precedence type over
 * all rows, so the first row is cast to the column types (an all-NULL column would otherwise be `int`, which
 * cannot convert to `date` or `datetimeoffset`).
 */
const valuesList = (columns: readonly ColumnDef[], rows: readonly string[][]): string =>
  rows
    .map(
      (r, i) =>
        `(${(i === 0 ? r.map((v, j) => `CAST(${v} AS ${TYPES[columns[j]?.type ?? 'text']})`) : r).join(', ')})`,
    )
    .join(',\n');

const alterColumn = (table: string, column: ColumnDef): string =>
  `ALTER TABLE ${quote(table)} ALTER COLUMN ${quote(column.name)} ${TYPES[column.type]} NULL;\n${GO}`;

export const sqlserverRules: DialectRules = {
  name: 'sqlserver',
  quoteIdentifier: quote,
  stringLiteral,
  booleanLiteral: (value) => (value ? '1' : '0'),
  doubleLiteral: (value) => doubleText(Math.abs(value) < MIN_NORMAL ? 0 : value, true),
  temporalLiteral: (text) => `N'${text}'`,
  columnType: (type) => TYPES[type],
  ddlEnd: `;\n${GO}`,
  dmlEnd: `;\n${GO}`,
  createTable: (name, columns, primaryKey) =>
    `IF OBJECT_ID(${stringLiteral(quote(name))}, N'U') IS NULL\nCREATE TABLE ${quote(name)} (\n${columns
      .map(
        (c) => `  ${quote(c.name)} ${TYPES[c.type]}${primaryKey.includes(c.name) ? ' NOT NULL' : ' NULL'},\n`,
      )
      .join('')}  PRIMARY KEY (${primaryKey.map(quote).join(', ')})\n);\n${GO}`,
  addColumn: (table, column) =>
    `IF COL_LENGTH(${stringLiteral(quote(table))}, ${stringLiteral(column.name)}) IS NULL\nALTER TABLE ${quote(
      table,
    )} ADD ${quote(column.name)} ${TYPES[column.type]} NULL;\n${GO}`,
  retypeColumn: alterColumn,
  manualRetype: alterColumn,
  upsertStatement: (table, columns, rows) =>
    `MERGE INTO ${quote(table)} WITH (HOLDLOCK) AS [target]\nUSING (VALUES\n${valuesList(columns, rows)}\n) AS [source] (${list(
      columns,
    )})\nON [target].${quote(columns[0]?.name ?? 'object_id')} = [source].${quote(columns[0]?.name ?? 'object_id')}\n` +
    `WHEN MATCHED THEN UPDATE SET ${columns
      .slice(1)
      .map((c) => `[target].${quote(c.name)} = [source].${quote(c.name)}`)
      .join(', ')}\n` +
    `WHEN NOT MATCHED THEN INSERT (${list(columns)}) VALUES (${columns.map((c) => `[source].${quote(c.name)}`).join(', ')})`,
  insertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(columns, rows)}`,
  header: (comment) => `${commentLines(comment)}SET NOCOUNT ON;\n${GO}`,
};

export const sqlserver: SqlDialect = makeDialect(sqlserverRules);
