// Real MariaDB: a `mariadbd` started on a temporary datadir, fed through the `mariadb` CLI on stdin. The whole
// round trip runs twice: in the default sql_mode and with NO_BACKSLASH_ESCAPES + ANSI_QUOTES.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, dialectFor } from '../src/domain/sql/index';
import { INT64_MAX, INT64_MIN } from '../src/domain/values';
import { type MariaDb, mariaEngine, startMariaDb } from './support/db-mariadb';
import { type Engine, roundTripSuite } from './support/db-roundtrip';
import { anyText } from './support/db-strings';

const mysql = dialectFor('mysql');
const STRICT_MODES = "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES,ANSI_QUOTES');\n";
let server: MariaDb;
let plain: Engine;
let noBackslash: Engine;

beforeAll(async () => {
  server = await startMariaDb();
  plain = mariaEngine(server, 'export_default');
  const base = mariaEngine(server, 'export_no_backslash');
  noBackslash = { ...base, exec: (sql) => base.exec(STRICT_MODES + sql) };
}, 60_000);

afterAll(async () => {
  await server?.stop();
}, 30_000);

describe('MariaDB round trip (default sql_mode)', () => {
  roundTripSuite(() => plain);
});

describe('MariaDB round trip (NO_BACKSLASH_ESCAPES, ANSI_QUOTES)', () => {
  roundTripSuite(() => noBackslash);
});

describe('MySQL literals (property, MariaDB CLI)', () => {
  const roundTrip = (texts: readonly string[]) =>
    server.query(
      texts.map((t) => mysql.literal(t, 'text')),
      '',
      'export_default',
    );

  it('round-trips arbitrary strings in both backslash modes', () => {
    for (const prefix of ['', STRICT_MODES]) {
      fc.assert(
        fc.property(fc.array(anyText(), { minLength: 1, maxLength: 25 }), (texts) => {
          const out = server.run(
            `${prefix}SELECT ${texts.map((t) => `HEX(${mysql.literal(t, 'text')})`).join(', ')};`,
            'export_default',
            ['--batch', '--skip-column-names', '--raw'],
          );
          const cells = out.replace(/\n$/, '').split('\t');
          expect(cells.map((hex) => Buffer.from(hex, 'hex').toString('utf8'))).toEqual(texts.map(cleanText));
        }),
        { numRuns: 40 },
      );
    }
    expect(roundTrip(['a\\b'])).toEqual([['a\\b']]);
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
          const [row] = server.query(
            pairs.flatMap(([i, d]) => [
              `CAST(CAST(${mysql.literal(i, 'bigint')} AS SIGNED) AS CHAR)`,
              `CAST(${mysql.literal(d, 'double')} AS CHAR)`,
            ]),
            '',
            'export_default',
          );
          pairs.forEach(([i, d], k) => {
            expect(row?.[2 * k]).toBe(String(i));
            expect(Number(row?.[2 * k + 1])).toBe(d === 0 ? 0 : d);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('renders backslashes and control characters as hex literals, the rest as quoted text', () => {
    expect(mysql.literal("it's", 'text')).toBe("_utf8mb4'it''s'");
    expect(mysql.literal('a\\b', 'text')).toBe("_utf8mb4 X'615C62'");
    expect(mysql.literal('cr\r\nlf', 'text')).toBe("_utf8mb4 X'63720D0A6C66'");
    expect(mysql.literal('line\nnext\ttab', 'text')).toBe("_utf8mb4'line\nnext\ttab'");
    expect(mysql.literal('2024-03-01 10:00:00.000+00:00', 'timestamptz')).toBe("'2024-03-01 10:00:00.000'");
  });
});
