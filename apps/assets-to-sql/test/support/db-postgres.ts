// PostgreSQL for the tests: PGlite (real PostgreSQL compiled to WASM), one instance per test file.
import { PGlite } from '@electric-sql/pglite';
import type { SqlType } from '../../src/domain/model';
import { dialectFor } from '../../src/domain/sql/index';
import { fromHex } from './db-fixtures';
import type { Engine } from './db-roundtrip';

const q = (name: string) => dialectFor('postgresql').quoteIdentifier(name);

/**
 * Text read as server-side hex of its UTF-8 bytes: PGlite's client decodes result text with a `TextDecoder`,
 * which drops a leading BOM, so comparing decoded strings would test the client, not PostgreSQL.
 */
export const hexOf = (expression: string): string => `encode(convert_to(${expression}, 'UTF8'), 'hex')`;

/** Text in the form `canonicalRead` expects (text columns as hex: decode with `fromHex`). */
export function pgReadExpression(column: string, type: SqlType): string {
  switch (type) {
    case 'text':
    case 'id':
      return hexOf(q(column));
    case 'date':
      return `to_char(${q(column)}, 'YYYY-MM-DD')`;
    case 'time':
      return `to_char(${q(column)}, 'HH24:MI:SS.MS')`;
    case 'timestamptz':
      return `to_char(${q(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')`;
    default:
      return `${q(column)}::text`;
  }
}

export interface PgEngine extends Engine {
  readonly db: PGlite;
  /** First column of the first row of a query, as text. */
  scalar(sql: string): Promise<string | null>;
  /** A text expression's value, read exactly (server-side hex). */
  text(expression: string): Promise<string | null>;
}

export async function startPglite(): Promise<PgEngine> {
  const db = new PGlite();
  await db.waitReady;
  return {
    dialect: 'postgresql',
    db,
    idempotentAlter: true,
    async exec(sql) {
      await db.exec(sql);
    },
    async readTable(table, columns) {
      const result = await db.query<(string | null)[]>(
        `SELECT ${columns.map((c) => pgReadExpression(c.name, c.type)).join(', ')} FROM ${q(table)}`,
        [],
        { rowMode: 'array' },
      );
      const hexColumns = columns.map((c) => c.type === 'text' || c.type === 'id');
      return result.rows.map((row) =>
        row.map((cell, i) => (cell !== null && hexColumns[i] ? fromHex(cell) : cell)),
      );
    },
    async text(expression) {
      const result = await db.query<(string | null)[]>(`SELECT ${hexOf(expression)}`, [], {
        rowMode: 'array',
      });
      const cell = result.rows[0]?.[0] ?? null;
      return cell === null ? null : fromHex(cell);
    },
    async scalar(sql) {
      const result = await db.query<(string | null)[]>(sql, [], { rowMode: 'array' });
      return result.rows[0]?.[0] ?? null;
    },
  };
}
