/**
 * PostgreSQL (and anything that speaks it, e.g. PGlite): loadable with `psql -v ON_ERROR_STOP=1 -f export.sql`.
 * Literals are `'…'` with `''`; a string with a backslash or a carriage return becomes `E'…'` with `\\` and `\r`,
 * which reads the same whether `standard_conforming_strings` is on (the default since 9.1) or off, and keeps a
 * CR out of the script (line-based readers may turn CRLF into LF).
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
  text: 'text',
  id: 'text',
  bigint: 'bigint',
  double: 'double precision',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  timestamptz: 'timestamptz',
};

const quote = (name: string): string => `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;
const list = (columns: readonly ColumnDef[]): string => columns.map((c) => quote(c.name)).join(', ');
const valuesList = (rows: readonly string[][]): string => rows.map((r) => `(${r.join(', ')})`).join(',\n');

function convertExpression(column: ColumnDef, from: SqlType): string {
  const target = TYPES[column.type];
  if (from === 'date' && column.type === 'timestamptz')
    return `(${quote(column.name)}::timestamp AT TIME ZONE 'UTC')`;
  return `${quote(column.name)}::${target}`;
}

const retype = (table: string, column: ColumnDef, from: SqlType): string =>
  `ALTER TABLE ${quote(table)} ALTER COLUMN ${quote(column.name)} TYPE ${TYPES[column.type]} USING ${convertExpression(column, from)};\n`;

export const postgresqlRules: DialectRules = {
  name: 'postgresql',
  quoteIdentifier: quote,
  stringLiteral: (text) =>
    /[\\\r]/.test(text)
      ? `E'${text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/'/g, "''")}'`
      : `'${text.replace(/'/g, "''")}'`,
  booleanLiteral: (value) => (value ? 'TRUE' : 'FALSE'),
  doubleLiteral: (value) => doubleText(value, false),
  temporalLiteral: (text) => `'${text}'`,
  columnType: (type) => TYPES[type],
  ddlEnd: ';\n',
  dmlEnd: ';\n',
  createTable: (name, columns, primaryKey) =>
    `CREATE TABLE IF NOT EXISTS ${quote(name)} (\n${columns
      .map((c) => `  ${quote(c.name)} ${TYPES[c.type]}${primaryKey.includes(c.name) ? ' NOT NULL' : ''},\n`)
      .join('')}  PRIMARY KEY (${primaryKey.map(quote).join(', ')})\n);\n`,
  addColumn: (table, column) =>
    `ALTER TABLE ${quote(table)} ADD COLUMN IF NOT EXISTS ${quote(column.name)} ${TYPES[column.type]};\n`,
  retypeColumn: retype,
  manualRetype: retype,
  upsertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}\nON CONFLICT (${quote(
      columns[0]?.name ?? 'object_id',
    )}) DO UPDATE SET ${columns
      .slice(1)
      .map((c) => `${quote(c.name)} = EXCLUDED.${quote(c.name)}`)
      .join(', ')}`,
  insertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}`,
  header: (comment) => `${commentLines(comment)}SET client_encoding = 'UTF8';\n`,
};

export const postgresql: SqlDialect = makeDialect(postgresqlRules);
