/**
 * SQL rendering for the four target dialects. `dialectFor(d)` is the only entry point the engine needs; every
 * string it returns is a sequence of complete statements (each ending in `;` and a newline — SQL Server adds a
 * `GO` line), loadable as-is by the dialect's CLI. Decisions and their reasons: `README.md` next to this file.
 */
import type { Dialect } from '../model';
import type { SqlDialect } from './common';
import { mysql } from './mysql';
import { postgresql } from './postgresql';
import { sqlite } from './sqlite';
import { sqlserver } from './sqlserver';

export type { ColumnDef, SqlDialect } from './common';
export {
  cleanText,
  MAX_BYTES_PER_STATEMENT,
  MAX_ROWS_PER_STATEMENT,
  SqlValueError,
} from './common';

const DIALECTS: Readonly<Record<Dialect, SqlDialect>> = { postgresql, mysql, sqlserver, sqlite };

export function dialectFor(d: Dialect): SqlDialect {
  const dialect = DIALECTS[d];
  if (!dialect) throw new Error(`Unknown SQL dialect: ${String(d)}`);
  return dialect;
}
