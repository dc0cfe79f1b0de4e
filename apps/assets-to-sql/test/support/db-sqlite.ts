// SQLite for the tests: the real `sqlite3` CLI, fed on stdin exactly like `curl … | sqlite3 export.db`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlType } from '../../src/domain/model';
import { dialectFor } from '../../src/domain/sql/index';
import { fromHex } from './db-fixtures';
import type { Engine } from './db-roundtrip';

export const SQLITE3 = '/usr/bin/sqlite3';
const q = (name: string) => dialectFor('sqlite').quoteIdentifier(name);

export function requireSqlite(): void {
  if (!existsSync(SQLITE3))
    throw new Error(
      'sqlite3 is not installed: run `sudo apt-get install -y sqlite3` (see scripts/system-packages.json)',
    );
}

/** Runs a script through `sqlite3 -bail`; throws with stderr on any error. Returns stdout. */
export function runSqlite(path: string, sql: string, args: readonly string[] = []): string {
  const result = spawnSync(SQLITE3, ['-bail', ...args, path], { input: sql, maxBuffer: 512 * 1024 * 1024 });
  const stderr = result.stderr.toString('utf8');
  if (result.status !== 0 || stderr.trim() !== '')
    throw new Error(`sqlite3 failed (${result.status}): ${stderr}`);
  return result.stdout.toString('utf8');
}

/** `ieee754(m,e)` → the double's shortest text (m · 2^e is exact in JS: |m| < 2^53, 2^e ≥ 2^-1074). */
export function fromIeee754(text: string | null): string | null {
  if (text === null) return null;
  const m = /^ieee754\((-?\d+),(-?\d+)\)$/.exec(text);
  if (!m) return `?${text}`;
  const mantissa = Number(m[1]);
  const exponent = Number(m[2]);
  return String(mantissa === 0 ? 0 : mantissa * 2 ** exponent);
}

export function sqliteReadExpression(column: string, type: SqlType): string {
  switch (type) {
    case 'bigint':
    case 'boolean':
      return `CAST(${q(column)} AS TEXT)`;
    case 'double':
      // The shell's `ieee754()` is exact; SQLite 3.40's `printf('%!.17g')` is not always.
      return `CASE WHEN ${q(column)} IS NULL THEN NULL ELSE ieee754(${q(column)}) END`;
    default:
      return q(column);
  }
}

/** Rows of a query whose every column is text (or NULL), read exactly: hex over `-json`. */
export function querySqlite(path: string, expressions: readonly string[], from: string): (string | null)[][] {
  const select = expressions.map((e, i) => `CASE WHEN (${e}) IS NULL THEN NULL ELSE hex(${e}) END AS c${i}`);
  const out = runSqlite(path, `SELECT ${select.join(', ')} ${from};`, ['-json']);
  if (out.trim() === '') return [];
  const rows = JSON.parse(out) as Record<string, string | null>[];
  return rows.map((row) =>
    expressions.map((_, i) => (row[`c${i}`] === null ? null : fromHex(row[`c${i}`] ?? ''))),
  );
}

export interface SqliteEngine extends Engine {
  readonly path: string;
  close(): void;
}

export function sqliteEngine(): SqliteEngine {
  requireSqlite();
  const dir = mkdtempSync(join(tmpdir(), 'assets-to-sql-sqlite-'));
  const path = join(dir, 'export.db');
  return {
    dialect: 'sqlite',
    path,
    idempotentAlter: false,
    async exec(sql) {
      runSqlite(path, sql);
    },
    async readTable(table, columns) {
      const rows = querySqlite(
        path,
        columns.map((c) => sqliteReadExpression(c.name, c.type)),
        `FROM ${q(table)}`,
      );
      return rows.map((row) =>
        row.map((cell, i) => (columns[i]?.type === 'double' ? fromIeee754(cell) : cell)),
      );
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
