/**
 * MySQL 5.7+/8 and MariaDB 10.3+: loadable with `mysql --default-character-set=utf8mb4 db < export.sql`.
 *
 * String literals read the same whatever the server's `sql_mode` (in particular `NO_BACKSLASH_ESCAPES`) and
 * survive the `mysql` client's input handling (which turns `\r\n` into `\n` and rejects NUL):
 * - text without backslashes or control characters (tab and newline allowed) is `_utf8mb4'…'` with `''`, which
 *   means the same in both modes;
 * - any other text is a hex literal, `_utf8mb4 X'…'`, which no mode reinterprets.
 * The `_utf8mb4` introducer makes every literal independent of the session's `SET NAMES`: a chunk loaded in a
 * fresh session (without the header) still stores emoji and other 4-byte characters correctly.
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
  text: 'LONGTEXT',
  id: 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME(3)',
  timestamptz: 'DATETIME(3)',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const UNSAFE_IN_QUOTES = /[\\\u0000-\u0008\u000b-\u001f\u007f]/;
const encoder = new TextEncoder();

function hex(text: string): string {
  let out = '';
  for (const byte of encoder.encode(text)) out += byte.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

const quote = (name: string): string => `\`${name.replace(/\0/g, '').replace(/`/g, '``')}\``;
const stringLiteral = (text: string): string =>
  UNSAFE_IN_QUOTES.test(text) ? `_utf8mb4 X'${hex(text)}'` : `_utf8mb4'${text.replace(/'/g, "''")}'`;
const list = (columns: readonly ColumnDef[]): string => columns.map((c) => quote(c.name)).join(', ');
const valuesList = (rows: readonly string[][]): string => rows.map((r) => `(${r.join(', ')})`).join(',\n');
const modify = (table: string, column: ColumnDef): string =>
  `ALTER TABLE ${quote(table)} MODIFY COLUMN ${quote(column.name)} ${TYPES[column.type]} NULL;\n`;

export const mysqlRules: DialectRules = {
  name: 'mysql',
  quoteIdentifier: quote,
  stringLiteral,
  booleanLiteral: (value) => (value ? 'TRUE' : 'FALSE'),
  // `E0` makes every double an approximate-value (DOUBLE) literal rather than a DECIMAL one.
  doubleLiteral: (value) => doubleText(value, true),
  // DATETIME has no offset; the value is already UTC, so the `+00:00` is dropped.
  temporalLiteral: (text, type) => `'${type === 'timestamptz' ? text.replace(/\+00:00$/, '') : text}'`,
  columnType: (type) => TYPES[type],
  ddlEnd: ';\n',
  dmlEnd: ';\n',
  createTable: (name, columns, primaryKey) =>
    `CREATE TABLE IF NOT EXISTS ${quote(name)} (\n${columns
      .map(
        (c) => `  ${quote(c.name)} ${TYPES[c.type]}${primaryKey.includes(c.name) ? ' NOT NULL' : ' NULL'},\n`,
      )
      .join(
        '',
      )}  PRIMARY KEY (${primaryKey.map(quote).join(', ')})\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n`,
  // MySQL has no `ADD COLUMN IF NOT EXISTS` (MariaDB has): check information_schema and run the ALTER through
  // a prepared statement, which works on both and is idempotent.
  addColumn: (table, column) => {
    const ddl = `ALTER TABLE ${quote(table)} ADD COLUMN ${quote(column.name)} ${TYPES[column.type]} NULL`;
    return (
      `SET @assets_to_sql_ddl = (SELECT IF(COUNT(*) = 0, ${stringLiteral(ddl)}, 'DO 0') FROM information_schema.COLUMNS ` +
      `WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${stringLiteral(table)} AND COLUMN_NAME = ${stringLiteral(column.name)});\n` +
      'PREPARE assets_to_sql_stmt FROM @assets_to_sql_ddl;\n' +
      'EXECUTE assets_to_sql_stmt;\n' +
      'DEALLOCATE PREPARE assets_to_sql_stmt;\n'
    );
  },
  retypeColumn: modify,
  manualRetype: modify,
  // `VALUES(col)` works on MariaDB and MySQL (deprecated but supported in 8.x; MariaDB lacks the `AS new` alias).
  upsertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}\nON DUPLICATE KEY UPDATE ${columns
      .slice(1)
      .map((c) => `${quote(c.name)} = VALUES(${quote(c.name)})`)
      .join(', ')}`,
  insertStatement: (table, columns, rows) =>
    `INSERT INTO ${quote(table)} (${list(columns)}) VALUES\n${valuesList(rows)}`,
  header: (comment) => `${commentLines(comment)}SET NAMES utf8mb4;\n`,
};

export const mysql: SqlDialect = makeDialect(mysqlRules);
