import { z } from 'zod';
import { type JiraDurationOptions, parseJiraDuration, resolveDurationOptions } from './duration';
import { SanitizeError } from './errors';
import { sanitizeText } from './text';

/**
 * zod 4 building blocks for the fields the apps accept. Every message names the rule, never the value.
 * Schemas that normalise (issue keys, colours, ids, time zones) output the canonical form.
 */

/**
 * Type-level error option: a missing value reads "Required" (from parseInput's error map), anything
 * else of the wrong type gets the field's own message.
 */
function typeError(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message) };
}

/**
 * Jira project key: an ASCII letter then letters, digits or underscores (Jira's configurable
 * `[A-Z][A-Z_0-9]+` pattern). Jira Cloud limits new keys to 10 characters, but keys migrated from
 * Server can be longer, so we accept 2–255 and let Jira answer 404. Lower-case input is upper-cased
 * (Jira keys are case-insensitive); the ASCII check runs first so `ı`/`ß` cannot sneak in via toUpperCase.
 */
const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]{1,254}$/;
/** Issue number: positive, no leading zero, at most 15 digits (stays a safe integer). */
const ISSUE_KEY = /^([A-Za-z][A-Za-z0-9_]{1,254})-([1-9][0-9]{0,14})$/;

const PROJECT_KEY_MESSAGE = 'Expected a Jira project key like ABC';
const ISSUE_KEY_MESSAGE = 'Expected a Jira issue key like ABC-123';

export const projectKey = z
  .string(typeError(PROJECT_KEY_MESSAGE))
  .trim()
  .regex(PROJECT_KEY, { error: PROJECT_KEY_MESSAGE })
  .transform((key) => key.toUpperCase());

export const issueKey = z
  .string(typeError(ISSUE_KEY_MESSAGE))
  .trim()
  .regex(ISSUE_KEY, { error: ISSUE_KEY_MESSAGE })
  .transform((key) => key.toUpperCase());

/**
 * Atlassian account id: 24-hex legacy ids (`5b10ac8d82e05b22cc7d4ef5`), `557058:<uuid>`, `qm:…`
 * (customers), app ids. Treated as opaque: charset `[A-Za-z0-9:_-]`, 1–128 characters, case kept.
 */
export const accountId = z
  .string(typeError('Expected an Atlassian account id'))
  .regex(/^[A-Za-z0-9:_-]{1,128}$/, { error: 'Expected an Atlassian account id' });

/**
 * Numeric Jira/JSM/Assets id (issue id, request type id, object id…). Accepts a string of digits or a
 * safe integer and always outputs a string (ids are int64 in Jira; strings avoid precision loss).
 * Positive, no leading zeros, at most 19 digits.
 */
const NUMERIC_ID = /^[1-9][0-9]{0,18}$/;
const NUMERIC_ID_MESSAGE = 'Expected a numeric id';
const numericIdError = { error: NUMERIC_ID_MESSAGE };
export const numericId = z.union(
  [
    z.string(numericIdError).regex(NUMERIC_ID, numericIdError),
    z
      .number(numericIdError)
      .refine((n) => Number.isSafeInteger(n) && n > 0, numericIdError)
      .transform((n) => String(n)),
  ],
  numericIdError,
);

export const latitude = z
  .number(typeError('Expected a latitude (number)'))
  .min(-90, { error: 'Latitude must be between -90 and 90' })
  .max(90, { error: 'Latitude must be between -90 and 90' });

export const longitude = z
  .number(typeError('Expected a longitude (number)'))
  .min(-180, { error: 'Longitude must be between -180 and 180' })
  .max(180, { error: 'Longitude must be between -180 and 180' });

let zoneCache: ReadonlySet<string> | undefined;
function supportedZones(): ReadonlySet<string> {
  zoneCache ??= new Set(Intl.supportedValuesOf('timeZone'));
  return zoneCache;
}

/**
 * Returns the canonical IANA name for a time zone, or undefined. Accepted: anything
 * `Intl.DateTimeFormat` accepts that resolves to a zone in `Intl.supportedValuesOf('timeZone')` or to
 * UTC. Aliases and wrong case come back canonical (`europe/london` → `Europe/London`); a name already
 * in the supported list is returned as given. Offsets like `+01:00` are refused.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.length === 0 || name.length > 64) return undefined;
  const zones = supportedZones();
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  if (zones.has(name) || name === 'UTC') return name;
  if (zones.has(resolved) || resolved === 'UTC') return resolved;
  return undefined;
}

const TIME_ZONE_MESSAGE = 'Expected an IANA time zone like Europe/London or UTC';
export const timeZone = z.string(typeError(TIME_ZONE_MESSAGE)).transform((name, ctx) => {
  const canonical = canonicalTimeZone(name.trim());
  if (canonical === undefined) {
    ctx.addIssue({ code: 'custom', message: TIME_ZONE_MESSAGE });
    return z.NEVER;
  }
  return canonical;
});

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (proleptic Gregorian, UTC: no DST effects).
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return day <= date.getUTCDate();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_MESSAGE = 'Expected a calendar date like 2025-01-31';
/** `YYYY-MM-DD`, a real calendar date (no 2025-02-29). Returned unchanged. */
export const isoDate = z.string(typeError(DATE_MESSAGE)).refine(
  (s) => {
    const m = DATE.exec(s);
    return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  { error: DATE_MESSAGE },
);

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
const DATE_TIME_MESSAGE = 'Expected a date-time with offset like 2025-01-31T09:30:00+01:00';
/**
 * ISO 8601 date-time with a mandatory offset: `YYYY-MM-DDTHH:mm[:ss[.sss]](Z|±HH:mm|±HHmm)`. The
 * offset is required so a time is never silently interpreted in the server's zone. `±HHmm` is accepted
 * because Jira emits it (`2025-01-17T12:34:00.000+0000`). Returned unchanged.
 */
export const isoDateTime = z.string(typeError(DATE_TIME_MESSAGE)).refine(
  (s) => {
    const m = DATE_TIME.exec(s);
    return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  { error: DATE_TIME_MESSAGE },
);

const TIME_MESSAGE = 'Expected a time like 09:30 (24-hour HH:mm)';
/** `HH:mm`, 00:00–23:59. */
export const timeOfDay = z
  .string(typeError(TIME_MESSAGE))
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: TIME_MESSAGE });

const COLOUR_MESSAGE = 'Expected a colour like #1a2b3c';
/** `#rgb` or `#rrggbb`, any case; output is always lower-case `#rrggbb`. */
export const colour = z
  .string(typeError(COLOUR_MESSAGE))
  .trim()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, { error: COLOUR_MESSAGE })
  .transform((c) => {
    const hex = c.slice(1).toLowerCase();
    return hex.length === 3 ? `#${[...hex].map((d) => d + d).join('')}` : `#${hex}`;
  });

/**
 * Words reserved in most SQL dialects we export to (PostgreSQL, MySQL, SQL Server, SQLite). Only used
 * when `sqlIdentifier({ rejectReserved: true })`; by default reserved words are accepted because the
 * exporter always quotes identifiers for the target dialect.
 */
export const SQL_RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'add all alter and any as asc authorization between both by case cast check collate column constraint ' +
    'create cross current_date current_time current_timestamp current_user default delete desc distinct ' +
    'drop else end escape except exists false fetch for foreign from full grant group having in index ' +
    'inner insert intersect into is join key leading left like limit natural not null offset on or order ' +
    'outer primary references right select session_user set some table then to trailing true union ' +
    'unique update user using values when where with'
  ).split(' '),
);

const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const SQL_IDENTIFIER_MESSAGE =
  'Expected a name of 1 to 63 letters, digits or underscores, not starting with a digit';

/**
 * User-chosen SQL table/column name: `^[A-Za-z_][A-Za-z0-9_]{0,62}$` (63 = PostgreSQL's limit, the
 * smallest of our targets). Returned as-is; callers must still quote it for the dialect (this schema is
 * not an injection defence on its own, but the charset leaves nothing for quoting to get wrong).
 */
export function sqlIdentifier(options: { rejectReserved?: boolean } = {}) {
  const base = z
    .string(typeError(SQL_IDENTIFIER_MESSAGE))
    .regex(SQL_IDENTIFIER, { error: SQL_IDENTIFIER_MESSAGE });
  if (!options.rejectReserved) return base;
  return base.refine((s) => !SQL_RESERVED_WORDS.has(s.toLowerCase()), {
    error: 'This name is a reserved SQL word; choose another',
  });
}

export interface BoundedTextOptions {
  /** Maximum length in code points after cleaning. */
  max: number;
  /** Minimum length in code points after cleaning (default 0; use 1 for "required"). */
  min?: number;
  /** Keep line breaks and tabs (default false). */
  multiline?: boolean;
}

/** Free text cleaned by {@link sanitizeText}; over-long text is an issue naming the limit, never truncated. */
export function boundedText(options: BoundedTextOptions) {
  const { max, min = 0, multiline = false } = options;
  // Validate options now (throws RangeError at definition time, not on the first request).
  sanitizeText('', { maxLength: max, minLength: 0, multiline });
  if (!Number.isSafeInteger(min) || min < 0 || min > max) {
    throw new RangeError('boundedText: min must be an integer between 0 and max');
  }
  return z.string(typeError('Expected text')).transform((value, ctx) => {
    try {
      return sanitizeText(value, { maxLength: max, minLength: min, multiline });
    } catch (error) {
      if (!(error instanceof SanitizeError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });
}

/** A Jira duration string ("1h 30m", "1:15") parsed to seconds; see {@link parseJiraDuration}. */
export function jiraDuration(options: JiraDurationOptions = {}) {
  // Validate options at definition time.
  resolveDurationOptions(options);
  return z.string(typeError('Expected a duration like 1h 30m')).transform((value, ctx) => {
    try {
      return parseJiraDuration(value, options);
    } catch (error) {
      if (!(error instanceof SanitizeError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });
}
