/**
 * Assets values (always strings, see the REST reference §3.4) → typed `SqlValue`s in the canonical forms every
 * dialect renders:
 * - integers: `number` when within ±(2^53 − 1), `bigint` up to the 64-bit range, otherwise unparseable;
 * - doubles: finite `number`s (negative zero becomes 0; NaN/±Infinity are unparseable — MySQL and SQL Server
 *   cannot store them);
 * - booleans: `true`/`false` (Assets sends `"true"`/`"false"`; `1`/`0` are accepted too);
 * - dates: `YYYY-MM-DD`, years 0001–9999 (a date-time is cut to its date as written);
 * - times: `HH:MM:SS` or `HH:MM:SS.sss`;
 * - date-times: normalised to UTC, `YYYY-MM-DD HH:MM:SS.sss+00:00` (a value without an offset is taken as UTC;
 *   fractions beyond milliseconds are truncated).
 * Anything else is a `Parsed` failure with a reason, never an exception.
 */
import type { SqlType, SqlValue } from './model';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Canonical forms (what `literal` accepts for date, time and timestamptz columns). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?$/;
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?\+00:00$/;

export function parseInteger(raw: string): Parsed<number | bigint> {
  const m = /^\s*([+-]?\d+)(?:\.0*)?\s*$/.exec(raw);
  if (!m?.[1]) return fail('not an integer');
  const big = BigInt(m[1]);
  if (big < INT64_MIN || big > INT64_MAX) return fail('outside the 64-bit integer range');
  const asNumber = Number(big);
  return ok(Number.isSafeInteger(asNumber) ? asNumber : big);
}

export function parseDouble(raw: string): Parsed<number> {
  const s = raw.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return fail('not a number');
  const n = Number(s);
  if (!Number.isFinite(n)) return fail('outside the double range');
  return ok(n === 0 ? 0 : n);
}

export function parseBoolean(raw: string): Parsed<boolean> {
  const s = raw.trim().toLowerCase();
  if (s === 'true' || s === '1') return ok(true);
  if (s === 'false' || s === '0') return ok(false);
  return fail('not a boolean');
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

export function parseDate(raw: string): Parsed<string> {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?\s*$/.exec(raw);
  if (!m) return fail('not a date (YYYY-MM-DD)');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return fail('not a valid date between 0001-01-01 and 9999-12-31');
  return ok(`${m[1]}-${m[2]}-${m[3]}`);
}

/** First three digits of a fraction, zero-padded (`"5"` → 500 ms, `"123456"` → 123 ms). */
const millis = (fraction: string | undefined): number =>
  fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;

export function parseTime(raw: string): Parsed<string> {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*$/.exec(raw);
  if (!m) return fail('not a time (HH:MM[:SS])');
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) return fail('not a valid time of day');
  const ms = millis(m[4]);
  return ok(`${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${ms ? `.${pad(ms, 3)}` : ''}`);
}

export function parseDateTime(raw: string): Parsed<string> {
  const m =
    /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$/i.exec(
      raw,
    );
  if (!m) return fail('not an ISO date-time');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? '0'), Number(m[5] ?? '0'), Number(m[6] ?? '0')];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return fail('not a valid date-time');
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 18 || om > 59) return fail('not a valid UTC offset');
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - offsetMinutes, s, millis(m[7]));
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return fail('outside the years 0001–9999 in UTC');
  return ok(
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)} ` +
      `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.` +
      `${pad(date.getUTCMilliseconds(), 3)}+00:00`,
  );
}

/** Converts one Assets string to the canonical value of `type`. Text is passed through unchanged. */
export function convertValue(raw: string, type: SqlType): Parsed<SqlValue> {
  switch (type) {
    case 'text':
    case 'id':
      return ok(raw);
    case 'bigint':
      return parseInteger(raw);
    case 'double':
      return parseDouble(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'date':
      return parseDate(raw);
    case 'time':
      return parseTime(raw);
    case 'timestamptz':
      return parseDateTime(raw);
  }
}
