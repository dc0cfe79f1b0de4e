/**
 * SQLite (3.24+ for upserts): loadable with `sqlite3 -bail export.db < export.sql`. Literals are `'…'` with
 * `''` — SQLite has no backslash escapes; a carriage return is concatenated as `char(13)` because the sqlite3
 * shell turns CRLF in its input into LF. Dates and times are ISO text (what SQLite's date functions read),
 * booleans 0/1. Doubles (other than integral ones within ±2^53) are built exactly from integers (see
 * `exactDouble`): SQLite's text-to-float conversion is not correctly rounded before 3.43 — even 9-digit
 * decimals at extreme exponents come back one bit off — so a decimal literal would not round-trip.
 * SQLite has no `ADD COLUMN IF NOT EXISTS` and no `ALTER COLUMN … TYPE`: see the README.
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
  text: 'TEXT',
  id: 'TEXT',
  bigint: 'INTEGER',
  double: 'REAL',
  boolean: 'INTEGER',
  date: 'TEXT',
  time: 'TEXT',
  timestamptz: 'TEXT',
};

const TWO_62 = '4611686018427387904';

/**
 * `x` as `CAST(m AS REAL)` scaled by exact powers of two (`x = m · 2^e`, `m` a 53-bit integer): integer literals
 * and int → real conversions are exact, and so is each scaling step, so the result is exactly `x`.
 */
export function exactDouble(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  while (mantissa !== 0n && (mantissa & 1n) === 0n && exponent < 0) {
    mantissa >>= 1n;
    exponent++;
  }
  let out = `CAST(${negative ? '-' : ''}${mantissa} AS REAL)`;
  const op = exponent < 0 ? '/' : '*';
  let left = Math.abs(exponent);
  while (left > 0) {
    const step = Math.min(left, 62);
    out += ` ${op} ${step === 62 ? TWO_62 : (1n << BigInt(step)).toString()}`;
    left -= step;
  }
  return `(${out})`;
}

/** `'…'` with `''`; a CR is concatenated as `char(13)` (the sqlite3 shell would turn CRLF into LF). */
function stringLiteral(text: string): string {
  if (!text.includes('\r')) return `'${text.replace(/'/g, "''")}'`;
  const parts: string[] = [];
  text.split('\r').forEach((piece, i) => {
    if (i > 0) parts.push('char(13)');
    if (piece !== '') parts.push(`'${piece.replace(/'/g, "''")}'`);
  });
  return `(${parts.join(' || ')})`;
}

const quote = (name: string): string => `"${name.replace(/\0/g, '').replace(/"/g, '""')}"`;
const list = (columns: readonly ColumnDef[]): string => columns.map((c) => quote(c.name)).join(', ');
const valuesList = (rows: readonly string[][]): string => rows.map((r) => `(${r.join(', ')})`).join(',\n');

export const sqliteRules: DialectRules = {
  name: 'sqlite',
  quoteIdentifier: quote,
  stringLiteral,
  booleanLiteral: (value) => (value ? '1' : '0'),
  doubleLiteral: (value) =>
    Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
      ? doubleText(value, false)
      : exactDouble(value),
  temporalLiteral: (text) => `'${text}'`,
  columnType: (type) => TYPES[type],
  ddlEnd: ';\n',
  dmlEnd: ';\n',
  createTable: (name, columns, primaryKey) =>
    `CREATE TABLE IF NOT EXISTS ${quote(name)} (\n${columns
      .map((c) => `  ${quote(c.name)} ${TYPES[c.type]}${primaryKey.includes(c.name) ? ' NOT NULL' : ''},\n`)
      .join('')}  PRIMARY KEY (${primaryKey.map(quote).join(', ')})\n);\n`,
  addColumn: (table, column) =>
    `ALTER TABLE ${quote(table)} ADD COLUMN ${quote(column.name)} ${TYPES[column.type]};\n`,
  retypeColumn: (table, column, from) =>
    commentLines(
      `"${table}"."${column.name}": ${from} → ${column.type} needs no change in SQLite (columns accept any value)`,
    ),
  manualRetype: (table, column) =>
    `-- SQLite cannot change a column type in place; rebuild "${table}" if "${column.name}" must be ${TYPES[column.type]}\n`,
  upsertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}\nON CONFLICT (${quote(
      columns[0]?.name ?? 'object_id',
    )}) DO UPDATE SET ${columns
      .slice(1)
      .map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`)
      .join(', ')}`,
  insertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}`,
  header: (comment) => commentLines(comment),
};

export const sqlite: SqlDialect = makeDialect(sqliteRules);
