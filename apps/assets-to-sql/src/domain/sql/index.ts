/**
 * SQL rendering for the four target dialects. `dialectFor(d)` is the only entry point the engine needs; every
 * string it returns is a sequence of complete statements (each ending in `;` and a newline — SQL Server adds a
 * `GO` line), loadable as-is by the dialect's CLI. Decisions and their reasons: `README.md` next to this file.
 */
import type { Dialect } from '../model.ts';
import type { SqlDialect } from './common.ts';
import { mysql } from './mysql.ts';
import { postgresql } from './postgresql.ts';
import { sqlite } from './sqlite.ts';
import { sqlserver } from './sqlserver.ts';

export type { ColumnDef, SqlDialect } from './common.ts';
export {
  cleanText,
  MAX_BYTES_PER_STATEMENT,
  MAX_ROWS_PER_STATEMENT,
  SqlValueError,
} from './common.ts';

const DIALECTS: Readonly<Record<Dialect, SqlDialect>> = { postgresql, mysql, sqlserver, sqlite };

export function dialectFor(d: Dialect): SqlDialect {
  const dialect = DIALECTS[d];
  if (!dialect) throw new Error(`Unknown SQL dialect: ${String(d)}`);
  return dialect;
}
