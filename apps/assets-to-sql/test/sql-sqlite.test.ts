// Real SQLite through the `sqlite3` CLI, fed on stdin as `curl … | sqlite3 export.db` does.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, dialectFor } from '../src/domain/sql/index';
import { INT64_MAX, INT64_MIN } from '../src/domain/values';
import { WS } from './support/db-fixtures';
import { mapping, roundTripSuite, table } from './support/db-roundtrip';
import {
  fromIeee754,
  querySqlite,
  runSqlite,
  SQLITE3,
  type SqliteEngine,
  sqliteEngine,
} from './support/db-sqlite';
import { anyText } from './support/db-strings';

const sqlite = dialectFor('sqlite');
let engine: SqliteEngine;

beforeAll(() => {
  engine = sqliteEngine();
});

afterAll(() => {
  engine.close();
});

describe('SQLite round trip (sqlite3 CLI)', () => {
  roundTripSuite(() => engine);

  it('stores integers as INTEGER and doubles as REAL (no text affinity surprises)', () => {
    const rows = querySqlite(
      engine.path,
      ['object_id', 'typeof(ram_gb)', 'typeof(price)', 'typeof(active)'],
      `FROM laptop WHERE object_id = '${WS}:2003'`,
    );
    expect(rows).toEqual([[`${WS}:2003`, 'real', 'real', 'integer']]); // ram_gb was retyped to double by the drift test
    const ints = querySqlite(engine.path, ['typeof(position)'], 'FROM laptop__ports GROUP BY 1');
    expect(ints).toEqual([['integer']]);
  });

  it('without -bail, a re-run ALTER only reports the duplicate column and the rest still loads', () => {
    const laptop = table(mapping, 'laptop');
    const script = `ALTER TABLE "laptop" ADD COLUMN "notes" TEXT;\n${sqlite.upsert(laptop, [
      { object_id: `${WS}:9`, object_key: 'ITA-9', label: 'after the error' },
    ])}`;
    const result = spawnSync(SQLITE3, [engine.path], { input: script });
    expect(result.stderr.toString()).toMatch(/duplicate column name: notes/);
    expect(querySqlite(engine.path, ['label'], `FROM laptop WHERE object_id = '${WS}:9'`)).toEqual([
      ['after the error'],
    ]);
  });
});

describe('SQLite literals (property, sqlite3 CLI)', () => {
  it('round-trips arbitrary strings', () => {
    fc.assert(
      fc.property(fc.array(anyText(), { minLength: 1, maxLength: 25 }), (texts) => {
        const back = querySqlite(
          engine.path,
          texts.map((t) => sqlite.literal(t, 'text')),
          '',
        );
        expect(back).toEqual([texts.map(cleanText)]);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips arbitrary 64-bit integers and doubles', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.bigInt(INT64_MIN, INT64_MAX), fc.double({ noNaN: true, noDefaultInfinity: true })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (pairs) => {
          const expressions = pairs.flatMap(([i, d]) => [
            `CAST(${sqlite.literal(i, 'bigint')} AS TEXT)`,
            `ieee754(${sqlite.literal(d, 'double')})`,
          ]);
          const [row] = querySqlite(engine.path, expressions, '');
          pairs.forEach(([i, d], k) => {
            expect(row?.[2 * k]).toBe(String(i));
            expect(Number(fromIeee754(row?.[2 * k + 1] ?? null))).toBe(d === 0 ? 0 : d);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('round-trips short decimals at every exponent (the SQLite parser alone would not)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: -320, max: 300 }))
            .map(([digits, exponent]) => Number(`${digits}e${exponent}`))
            // 9e8 × 10^300 overflows to ±Infinity, which is not a decimal (non-finite doubles are a separate case).
            .filter(Number.isFinite),
          { minLength: 1, maxLength: 25 },
        ),
        (values) => {
          const [row] = querySqlite(
            engine.path,
            values.map((d) => `ieee754(${sqlite.literal(d, 'double')})`),
            '',
          );
          expect(row?.map((cell) => Number(fromIeee754(cell)))).toEqual(values.map((d) => (d === 0 ? 0 : d)));
        },
      ),
      { numRuns: 60 },
    );
    expect(sqlite.literal(42, 'double')).toBe('42');
    expect(sqlite.literal(0.5, 'double')).toBe('(CAST(1 AS REAL) / 2)');
    expect(sqlite.literal(0.30000000000000004, 'double')).toBe(
      '(CAST(1351079888211149 AS REAL) / 4503599627370496)',
    );
  });

  it('the CLI executes no dot-command hidden in a value', () => {
    const out = runSqlite(
      engine.path,
      `SELECT ${sqlite.literal('\n.shell echo pwned\n.quit\n', 'text')} = 'x';`,
    );
    expect(out).not.toContain('pwned');
    expect(out.trim()).toBe('0');
  });
});
