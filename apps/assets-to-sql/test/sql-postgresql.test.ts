// Real PostgreSQL (PGlite): the generated DDL and data load, round-trip byte for byte, and re-run cleanly.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, dialectFor } from '../src/domain/sql/index';
import { INT64_MAX, INT64_MIN } from '../src/domain/values';
import { type PgEngine, startPglite } from './support/db-postgres';
import { roundTripSuite } from './support/db-roundtrip';
import { anyText } from './support/db-strings';

const pg = dialectFor('postgresql');
let engine: PgEngine;

beforeAll(async () => {
  engine = await startPglite();
}, 60_000);

afterAll(async () => {
  await engine.db.close();
});

describe('PostgreSQL round trip (PGlite)', () => {
  roundTripSuite(() => engine);
});

describe('PostgreSQL literals (property, PGlite)', () => {
  it('round-trips arbitrary strings with standard_conforming_strings on and off', async () => {
    for (const setting of ['on', 'off']) {
      await engine.exec(`SET standard_conforming_strings = ${setting};`);
      await fc.assert(
        fc.asyncProperty(anyText(), async (text) => {
          expect(await engine.text(pg.literal(text, 'text'))).toBe(cleanText(text));
        }),
        { numRuns: 300 },
      );
    }
    await engine.exec('SET standard_conforming_strings = on;');
  });

  it('round-trips arbitrary 64-bit integers and doubles', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt(INT64_MIN, INT64_MAX),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        async (i, d) => {
          expect(await engine.scalar(`SELECT (${pg.literal(i, 'bigint')})::bigint::text`)).toBe(String(i));
          const back = await engine.scalar(`SELECT (${pg.literal(d, 'double')})::double precision::text`);
          expect(Number(back)).toBe(d === 0 ? 0 : d);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('replaces NUL with U+FFFD (PostgreSQL text cannot hold NUL)', async () => {
    expect(pg.literal('a\u0000b', 'text')).toBe("'a\uFFFDb'");
    expect(await engine.text(pg.literal('a\u0000b', 'text'))).toBe('a\uFFFDb');
  });

  it('uses E-strings only for backslashes, so both string modes read them the same', () => {
    expect(pg.literal("it's", 'text')).toBe("'it''s'");
    expect(pg.literal('a\\b', 'text')).toBe("E'a\\\\b'");
    expect(pg.literal("\\'", 'text')).toBe("E'\\\\'''");
  });
});
