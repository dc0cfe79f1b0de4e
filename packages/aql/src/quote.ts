import { AqlError } from './errors';

/** A scalar that can be turned into an AQL literal. */
export type AqlScalar = string | number | bigint | boolean | Date;

/**
 * Why we refuse instead of stripping: AQL documents nothing about control characters (see
 * shared reference §4.2.3), so silently changing the value would change what is searched for.
 * C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
 */
export function isControlCode(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** Index of the first control character or lone surrogate, or -1. */
export function findForbiddenChar(text: string): { index: number; reason: string } | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCode(code)) {
      return { index: i, reason: `control character U+${hex(code)}` };
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, reason: `lone surrogate U+${hex(code)}` };
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      return { index: i, reason: `lone surrogate U+${hex(code)}` };
    }
  }
  return null;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Wraps text in double quotes. Order matters: `\` must be doubled before `"` is escaped, or the
 * backslash added for a quote would itself be doubled (shared reference §4.2, DC docs `"15\" Screen"`).
 */
export function quoteAqlString(text: string, what = 'AQL value'): string {
  const bad = findForbiddenChar(text);
  if (bad) {
    // The value itself is not echoed: it may be user data and may contain the very bytes we refuse.
    throw new AqlError(`${what} contains a ${bad.reason} at index ${bad.index}; it cannot be quoted safely`);
  }
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new AqlError(`AQL value must be a finite number, got ${String(value)}`);
  }
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  // AQL has no documented exponent syntax, so a number that JS would print as 1e+21 is refused.
  if (/e/i.test(text)) {
    throw new AqlError(`AQL value ${text} cannot be written without an exponent`);
  }
  return text;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `yyyy-MM-dd HH:mm` in UTC, the date-time form AQL date comparisons accept. */
export function formatAqlDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new AqlError('AQL value is an invalid Date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new AqlError(`AQL date year ${year} is outside 0000-9999`);
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}`;
}

/**
 * Turns a value into a double-quoted AQL literal. Every value is quoted, numbers included, so that
 * no data can ever be read as a keyword, operator, parenthesis or attribute name.
 *
 * - string: `\` → `\\`, then `"` → `\"`; control characters (C0, DEL, C1) and lone surrogates throw.
 * - number: finite only, plain decimal (`-0` → `"0"`); bigint: decimal.
 * - boolean: `"true"` / `"false"`.
 * - Date: `"yyyy-MM-dd HH:mm"` in UTC (seconds are dropped).
 *
 * Anything else (null, undefined, objects, symbols) throws: those are programming errors, and
 * `String(obj)` could run attacker-controlled `toString`.
 */
export function quoteAqlValue(value: AqlScalar): string {
  const input: unknown = value;
  if (typeof input === 'string') return quoteAqlString(input);
  if (typeof input === 'number') return `"${formatNumber(input)}"`;
  if (typeof input === 'bigint') return `"${input.toString()}"`;
  if (typeof input === 'boolean') return input ? '"true"' : '"false"';
  if (input instanceof Date) return `"${formatAqlDate(input)}"`;
  const described = input === null ? 'null' : typeof input;
  throw new AqlError(`Cannot use a value of type ${described} in AQL`);
}
