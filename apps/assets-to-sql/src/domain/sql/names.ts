/**
 * SQL names for tables and columns: snake_case ASCII, at most 63 characters (PostgreSQL's limit, which also fits
 * MySQL's 64, SQL Server's 128 and SQLite's unlimited), unique within their scope. Names are always quoted when
 * rendered, so reserved words are harmless; keeping them ASCII lowercase means users can also type them unquoted.
 */

export const MAX_NAME_LENGTH = 63;

const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'TH',
  ð: 'd',
  Ð: 'D',
};

/**
 * `"IP Address"` → `ip_address`, `"serialNumber"` → `serial_number`, `"Größe (cm)"` → `grosse_cm`. Letters with
 * diacritics lose them; anything else that is not `[a-z0-9]` becomes one `_`. May return `''` (e.g. for a name
 * written only in a non-Latin script) — callers then fall back to an id-based name.
 */
export function snakeCase(input: string): string {
  const folded = input
    .replace(/[ßæÆœŒøØđĐłŁþÞðÐ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
  return folded
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: a short, stable, dependency-free disambiguator. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `base` plus an optional `_<tail>`, cut to `MAX_NAME_LENGTH`: when too long, the base is truncated and a hash of
 * the full name goes before the tail (`<cut>_<hash>_<tail>`), so two long names that share a prefix stay distinct
 * and a tail such as `id` or a type id stays readable at the end.
 */
export function fitName(base: string, tail?: string): string {
  const end = tail === undefined || tail === '' ? '' : `_${tail}`;
  const full = `${base}${end}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const hash = `_${shortHash(full)}`;
  const room = MAX_NAME_LENGTH - hash.length - end.length;
  if (room < 1) return `${base.slice(0, 1)}${hash}${end}`.slice(0, MAX_NAME_LENGTH);
  return `${base.slice(0, room).replace(/_+$/, '') || base.slice(0, 1)}${hash}${end}`;
}

/**
 * A valid name from an Assets (or admin-chosen) name: snake_case, never empty (falls back to
 * `<fallbackPrefix>_<id>`), never starting with a digit (prefixed with `<fallbackPrefix>_`).
 */
export function sqlName(input: string, fallbackPrefix: string, id: string): string {
  const snake = snakeCase(input);
  if (snake === '') return fitName(`${fallbackPrefix}_${snakeCase(id) || shortHash(id)}`);
  return fitName(/^[0-9]/.test(snake) ? `${fallbackPrefix}_${snake}` : snake);
}

/** Claims names within one scope (a schema's tables, or one table's columns); first claim wins. */
export class NameRegistry {
  private readonly taken = new Set<string>();

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** Reserves `name` exactly; false if it is already taken. */
  reserve(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  /**
   * Claims `base`, or — if taken — `base_<disambiguator>`, then `base_<disambiguator>_2`, …: always returns a
   * name that was free (and is now taken).
   */
  claim(base: string, disambiguator: string): string {
    if (this.reserve(base)) return base;
    for (let n = 1; ; n++) {
      const candidate = fitName(base, n === 1 ? disambiguator : `${disambiguator}_${n}`);
      if (this.reserve(candidate)) return candidate;
    }
  }

  /**
   * Claims names that belong together — `stem` plus each tail (`''` → `status`, `'id'` → `status_id`) — with one
   * shared disambiguator when any of them is taken (`status_7`, `status_7_id`).
   */
  claimGroup(stem: string, tails: readonly string[], disambiguator: string): string[] {
    for (let n = 0; ; n++) {
      const base = n === 0 ? stem : n === 1 ? `${stem}_${disambiguator}` : `${stem}_${disambiguator}_${n}`;
      const candidates = tails.map((t) => fitName(base, t));
      if (new Set(candidates).size === candidates.length && candidates.every((c) => !this.taken.has(c))) {
        for (const c of candidates) this.taken.add(c);
        return candidates;
      }
    }
  }
}
