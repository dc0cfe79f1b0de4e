// What every dialect shares: type tables, quoting, literal validation, statement bounds and terminators.
import { describe, expect, it } from 'vitest';
import { DIALECTS, type SqlType } from '../src/domain/model';
import { dialectFor, MAX_ROWS_PER_STATEMENT, SqlValueError } from '../src/domain/sql/index';
import { WS } from './support/db-fixtures';
import { mapping, table } from './support/db-roundtrip';

const TYPES: readonly SqlType[] = [
  'text',
  'id',
  'bigint',
  'double',
  'boolean',
  'date',
  'time',
  'timestamptz',
];

describe('dialects', () => {
  it('render every SQL type', () => {
    expect(
      Object.fromEntries(DIALECTS.map((d) => [d, TYPES.map((t) => dialectFor(d).columnType(t))])),
    ).toEqual({
      postgresql: ['text', 'text', 'bigint', 'double precision', 'boolean', 'date', 'time', 'timestamptz'],
      mysql: [
        'LONGTEXT',
        'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
        'BIGINT',
        'DOUBLE',
        'BOOLEAN',
        'DATE',
        'TIME(3)',
        'DATETIME(3)',
      ],
      sqlserver: [
        'nvarchar(max)',
        'nvarchar(255)',
        'bigint',
        'float',
        'bit',
        'date',
        'time(3)',
        'datetimeoffset(3)',
      ],
      sqlite: ['TEXT', 'TEXT', 'INTEGER', 'REAL', 'INTEGER', 'TEXT', 'TEXT', 'TEXT'],
    });
  });

  it('quote identifiers, doubling the quote character', () => {
    expect(DIALECTS.map((d) => dialectFor(d).quoteIdentifier('a"b`c]d'))).toEqual([
      '"a""b`c]d"',
      '`a"b``c]d`',
      '[a"b`c]]d]',
      '"a""b`c]d"',
    ]);
  });

  it('reject values that do not fit the column type instead of rendering them', () => {
    for (const d of DIALECTS) {
      const sql = dialectFor(d);
      expect(() => sql.literal('1; DROP TABLE x', 'bigint')).toThrow(SqlValueError);
      expect(() => sql.literal(1.5, 'bigint')).toThrow(SqlValueError);
      expect(() => sql.literal(2n ** 63n, 'bigint')).toThrow(SqlValueError);
      expect(() => sql.literal(Number.NaN, 'double')).toThrow(SqlValueError);
      expect(() => sql.literal('yes', 'boolean')).toThrow(SqlValueError);
      expect(() => sql.literal("2024-01-01'; --", 'date')).toThrow(SqlValueError);
      expect(() => sql.literal('2024-03-01T10:00:00Z', 'timestamptz')).toThrow(SqlValueError);
      expect(sql.literal(null, 'date')).toBe('NULL');
      expect(sql.literal(-0, 'double')).toMatch(/^0/);
    }
  });

  it('end every statement with ";" and a newline, and split large row sets', () => {
    const location = table(mapping, 'location');
    const rows = Array.from({ length: 2 * MAX_ROWS_PER_STATEMENT + 1 }, (_, i) => ({
      object_id: `${WS}:${i}`,
      label: i % 100 === 0 ? 'x'.repeat(300_000) : `L${i}`,
    }));
    for (const d of DIALECTS) {
      const sql = dialectFor(d).upsert(location, rows);
      const statements = sql.split(/;\n(?:GO\n)?/).filter((s) => s !== '');
      expect(sql.endsWith(d === 'sqlserver' ? ';\nGO\n' : ';\n')).toBe(true);
      // Row bound: ≤ 500 rows; byte bound: 11 rows of 300 KB force more statements than the row bound alone.
      expect(statements.length).toBeGreaterThanOrEqual(4);
      for (const s of statements) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(1_000_000 + 300_100);
    }
  });

  it('dedupe repeated object ids within one upsert (last one wins)', () => {
    const location = table(mapping, 'location');
    const sql = dialectFor('postgresql').upsert(location, [
      { object_id: `${WS}:1`, label: 'old' },
      { object_id: `${WS}:1`, label: 'new' },
    ]);
    expect(sql).toContain("'new'");
    expect(sql).not.toContain("'old'");
  });

  it('render nothing for empty row sets and delete only what is asked', () => {
    const location = table(mapping, 'location');
    for (const d of DIALECTS) {
      expect(dialectFor(d).upsert(location, [])).toBe('');
      expect(dialectFor(d).deleteObjects(location, [])).toBe('');
    }
  });

  it('write headers as comments plus session settings, with comment text defused', () => {
    expect(dialectFor('postgresql').header('Export\n$(x) \u0000 done')).toBe(
      "-- Export\n-- $ (x) \uFFFD done\nSET client_encoding = 'UTF8';\n",
    );
    expect(dialectFor('mysql').header('x')).toBe('-- x\nSET NAMES utf8mb4;\n');
    expect(dialectFor('sqlite').header('x')).toBe('-- x\n');
    expect(() => dialectFor('oracle' as never)).toThrow(/Unknown SQL dialect/);
  });
});
