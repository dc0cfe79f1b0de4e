// Assets strings → typed values, and rowsForObject (rows, link rows, warnings).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMapping, rowsForObject } from '../src/domain/mapping';
import type { AssetsObject } from '../src/domain/model';
import {
  parseBoolean,
  parseDate,
  parseDateTime,
  parseDouble,
  parseInteger,
  parseTime,
} from '../src/domain/values';
import { ATTRIBUTES, CONFIG, LAPTOP, laptopObjects, TYPES, WS } from './support/db-fixtures';

const value = <T>(p: { ok: true; value: T } | { ok: false; reason: string }) =>
  p.ok ? p.value : `!${p.reason}`;

describe('value conversion', () => {
  it('integers: numbers within the safe range, bigints up to 64 bits, nothing beyond', () => {
    expect(value(parseInteger('42'))).toBe(42);
    expect(value(parseInteger(' -7 '))).toBe(-7);
    expect(value(parseInteger('-0'))).toBe(0);
    expect(value(parseInteger('12.000'))).toBe(12);
    expect(value(parseInteger('9007199254740991'))).toBe(9007199254740991);
    expect(value(parseInteger('9007199254740992'))).toBe(9007199254740992n);
    expect(value(parseInteger('-9223372036854775808'))).toBe(-9223372036854775808n);
    expect(value(parseInteger('9223372036854775808'))).toMatch(/^!/);
    expect(value(parseInteger('1e3'))).toMatch(/^!/);
    expect(value(parseInteger('12.5'))).toMatch(/^!/);
  });

  it('doubles: finite only, negative zero normalised', () => {
    expect(value(parseDouble('3.14'))).toBe(3.14);
    expect(Object.is(value(parseDouble('-0')), 0)).toBe(true);
    expect(value(parseDouble('1e308'))).toBe(1e308);
    expect(value(parseDouble('.5'))).toBe(0.5);
    for (const bad of ['NaN', 'Infinity', '1e999', '1,5', '0x10', ''])
      expect(value(parseDouble(bad))).toMatch(/^!/);
  });

  it('booleans, dates and times', () => {
    expect(value(parseBoolean('TRUE'))).toBe(true);
    expect(value(parseBoolean('0'))).toBe(false);
    expect(value(parseBoolean('yes'))).toMatch(/^!/);
    expect(value(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(value(parseDate('2024-03-01T23:30:00-05:00'))).toBe('2024-03-01');
    expect(value(parseDate('2023-02-29'))).toMatch(/^!/);
    expect(value(parseDate('0000-01-01'))).toMatch(/^!/);
    expect(value(parseTime('9:05'))).toBe('09:05:00');
    expect(value(parseTime('23:59:59.9999'))).toBe('23:59:59.999');
    expect(value(parseTime('24:00'))).toMatch(/^!/);
  });

  it('date-times are normalised to UTC with milliseconds', () => {
    expect(value(parseDateTime('2024-03-01T10:00:00.000Z'))).toBe('2024-03-01 10:00:00.000+00:00');
    expect(value(parseDateTime('2024-03-01T10:00:00+05:30'))).toBe('2024-03-01 04:30:00.000+00:00');
    expect(value(parseDateTime('2024-12-31T23:30:00-0100'))).toBe('2025-01-01 00:30:00.000+00:00');
    expect(value(parseDateTime('2024-03-01 10:00'))).toBe('2024-03-01 10:00:00.000+00:00');
    expect(value(parseDateTime('2024-03-01'))).toBe('2024-03-01 00:00:00.000+00:00');
    expect(value(parseDateTime('0001-01-01T00:30:00+01:00'))).toMatch(/^!/);
    expect(value(parseDateTime('yesterday'))).toMatch(/^!/);
  });

  it('date-times agree with the JavaScript Date parser over the whole range (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offset) => {
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const iso = date.toISOString();
          expect(value(parseDateTime(`${local}${zone}`))).toBe(
            `${iso.slice(0, 10)} ${iso.slice(11, 23)}+00:00`,
          );
        },
      ),
    );
  });

  it('integers round-trip through text over the whole 64-bit range (property)', () => {
    fc.assert(
      fc.property(fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n), (n) => {
        const parsed = value(parseInteger(n.toString()));
        expect(BigInt(parsed as number | bigint)).toBe(n);
        expect(typeof parsed).toBe(Number.isSafeInteger(Number(n)) ? 'number' : 'bigint');
      }),
    );
  });
});

describe('rowsForObject', () => {
  const mapping = buildMapping(WS, TYPES, CONFIG);
  const laptop = mapping.tables.find((t) => t.objectTypeId === LAPTOP.id);
  const objects = laptopObjects();
  const byId = (id: string) => objects.find((o) => o.id === id) as AssetsObject;

  it('converts users, status, group, references and multi-values', () => {
    if (!laptop) throw new Error('no laptop table');
    const { row, links, warnings } = rowsForObject(laptop, WS, byId('4000'), ATTRIBUTES);
    expect(warnings).toEqual([]);
    expect(row).toMatchObject({
      object_id: `${WS}:4000`,
      object_key: 'ITA-4000',
      created_at: '2024-03-01 10:00:00.000+00:00',
      updated_at: '2025-01-02 07:00:00.000+00:00',
      owner: "Ana O'Neil",
      owner_id: 'acc-1',
      location_id: `${WS}:88`,
      lifecycle: 'In use',
      lifecycle_id: '1',
      team: 'jira-admins',
      confluence_page: 'Page "x"',
      notes: null,
      ram_gb: null,
    });
    expect(links.laptop__installed_software).toEqual([
      { object_id: `${WS}:4000`, position: 0, value_id: `${WS}:500` },
      { object_id: `${WS}:4000`, position: 1, value_id: `${WS}:501` },
      { object_id: `${WS}:4000`, position: 2, value_id: `${WS}:999999` },
    ]);
    expect(links.laptop__watchers).toEqual([
      { object_id: `${WS}:4000`, position: 0, value: 'Bo', value_id: 'acc-2' },
      { object_id: `${WS}:4000`, position: 1, value: 'Cy', value_id: 'acc-3' },
    ]);
    expect(links.laptop__tags).toEqual([]);
  });

  it('keeps empty strings apart from nulls and orders link rows', () => {
    if (!laptop) throw new Error('no laptop table');
    const { links } = rowsForObject(laptop, WS, byId('4001'), ATTRIBUTES);
    expect(links.laptop__tags?.map((r) => [r.position, r.value])).toEqual([
      [0, ''],
      [1, 'a'],
      [2, ''],
    ]);
  });

  it('turns unparseable values into NULL plus one warning each, never throwing', () => {
    if (!laptop) throw new Error('no laptop table');
    const { row, links, warnings } = rowsForObject(laptop, WS, byId('3000'), ATTRIBUTES);
    expect([row.ram_gb, row.price, row.active, row.purchased, row.last_seen, row.backup_time]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(warnings.map((w) => w.column).sort()).toEqual(
      ['active', 'backup_time', 'last_seen', 'price', 'purchased', 'ram_gb', 'value'].sort(),
    );
    expect(
      warnings.every((w) => w.table === 'laptop' && w.objectId === `${WS}:3000` && w.reason !== ''),
    ).toBe(true);
    expect(links.laptop__ports).toEqual([{ object_id: `${WS}:3000`, position: 0, value: 8080 }]);
  });

  it('warns when a single-valued attribute has several values, and keeps the first', () => {
    if (!laptop) throw new Error('no laptop table');
    const object = { ...byId('4002'), values: { '302': [{ value: 'first' }, { value: 'second' }] } };
    const { row, warnings } = rowsForObject(laptop, WS, object, ATTRIBUTES);
    expect(row.notes).toBe('first');
    expect(warnings).toHaveLength(1);
  });

  it('never throws on arbitrary values (property)', () => {
    if (!laptop) throw new Error('no laptop table');
    const ids = LAPTOP.attributes.map((a) => a.id);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...ids),
          fc.array(
            fc.record(
              { value: fc.string(), displayValue: fc.string(), referencedObjectId: fc.string() },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
        ),
        (values) => {
          const out = rowsForObject(laptop, WS, { ...byId('4002'), values }, ATTRIBUTES);
          expect(Object.keys(out.row)).toHaveLength(laptop.columns.length);
        },
      ),
    );
  });
});
