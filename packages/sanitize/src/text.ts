import { SanitizeError } from './errors';

/**
 * Code points that never survive {@link sanitizeText}, as inclusive `[from, to]` ranges.
 *
 * The set is: C0/C1 controls and DEL (tab and line feed are handled separately), every Unicode
 * Default_Ignorable_Code_Point except the emoji/text variation selectors U+FE00–U+FE0F (which emoji
 * need), the interlinear annotation controls, noncharacters, and surrogates (only lone ones can occur
 * in a JS string). Default_Ignorable covers zero-width characters, bidi controls (Trojan Source),
 * soft hyphen, Hangul fillers (used for "blank" names), and the tag characters U+E0000–U+E007F
 * (used for invisible prompt-injection / ASCII smuggling).
 */
export const FORBIDDEN_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x0008], // C0 controls before TAB
  [0x000b, 0x000c], // VT, FF (LF is kept; CR is turned into LF before stripping)
  [0x000e, 0x001f], // rest of C0
  [0x007f, 0x009f], // DEL and C1 controls (including NEL U+0085)
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x115f, 0x1160], // Hangul choseong/jungseong fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels (invisible)
  [0x180b, 0x180f], // Mongolian free variation selectors and vowel separator
  [0x200b, 0x200f], // ZWSP, ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // LRE, RLE, PDF, LRO, RLO (bidi embeddings/overrides)
  [0x2060, 0x206f], // word joiner, invisible operators, LRI/RLI/FSI/PDI isolates, deprecated format chars
  [0x3164, 0x3164], // Hangul filler
  [0xd800, 0xdfff], // surrogates (a well-formed pair is one code point above U+FFFF, so only lone ones match)
  [0xfdd0, 0xfdef], // noncharacters
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff0, 0xfffb], // unassigned specials (default-ignorable) and interlinear annotation controls
  [0x1bca0, 0x1bca3], // shorthand format controls
  [0x1d173, 0x1d17a], // musical symbol format controls
  [0xe0000, 0xe0fff], // tag characters, variation selectors supplement, reserved default-ignorables
];

/** Line separators other than LF that we turn into LF (never stripped silently: they carry meaning). */
const LINE_BREAKS = /\r\n|[\r\u2028\u2029]/g;

export function isForbiddenCodePoint(cp: number): boolean {
  // Noncharacters U+xFFFE / U+xFFFF in every plane.
  if ((cp & 0xfffe) === 0xfffe) return true;
  for (const [from, to] of FORBIDDEN_RANGES) {
    if (cp < from) return false; // ranges are sorted
    if (cp <= to) return true;
  }
  return false;
}

/** Length in Unicode code points (what users think of as characters, near enough; not UTF-16 units). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Removes every forbidden code point. Iterating by code point yields lone surrogates individually. */
function stripForbidden(text: string): string {
  let out = '';
  let changed = false;
  for (const ch of text) {
    // for..of over a string never yields an empty string, so the fallback is unreachable.
    if (isForbiddenCodePoint(ch.codePointAt(0) ?? 0)) {
      changed = true;
    } else {
      out += ch;
    }
  }
  return changed ? out : text;
}

export interface SanitizeTextOptions {
  /** Maximum length in code points after cleaning. Longer input is rejected, never truncated. */
  maxLength: number;
  /** Minimum length in code points after cleaning (default 0). */
  minLength?: number;
  /** Keep LF and TAB (default false: each run of LF/TAB becomes one space). */
  multiline?: boolean;
}

/**
 * Cleans user text for storage and display. Order of operations (each step explained):
 *
 * 1. CRLF, lone CR, U+2028 and U+2029 become LF. Done first because CR is a control character that
 *    step 2 would otherwise delete, losing the line break.
 * 2. Strip forbidden code points ({@link FORBIDDEN_RANGES}). Done in one pass over code points, so
 *    removing a character can never join two lone surrogates into a new pair (all lone ones go).
 * 3. NFC-normalise. Done after stripping because stripping can bring a base letter and a combining
 *    mark together (`e` ZWSP U+0301), which NFC must then compose; normalising first would leave
 *    non-NFC output and break idempotence.
 * 4. Strip again. NFC never produces a forbidden code point (tested over all of Unicode), so this is a
 *    no-op kept as a local guarantee that the output contains none.
 * 5. Single-line mode: each run of LF/TAB becomes one space.
 * 6. Trim (JS whitespace, which includes NBSP and the Unicode spaces).
 * 7. Check the length in code points. Over-long text throws; it is never truncated.
 *
 * The result is idempotent: `sanitizeText(sanitizeText(x, o), o) === sanitizeText(x, o)` (property-tested).
 */
export function sanitizeText(input: unknown, options: SanitizeTextOptions): string {
  const { maxLength, minLength = 0, multiline = false } = options;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1) {
    throw new RangeError('sanitizeText: maxLength must be a positive integer');
  }
  if (!Number.isSafeInteger(minLength) || minLength < 0 || minLength > maxLength) {
    throw new RangeError('sanitizeText: minLength must be an integer between 0 and maxLength');
  }
  if (typeof input !== 'string') {
    throw new SanitizeError('not-a-string', 'Expected text');
  }

  let text = input.replace(LINE_BREAKS, '\n');
  text = stripForbidden(text);
  text = stripForbidden(text.normalize('NFC'));
  if (!multiline) text = text.replace(/[\n\t]+/g, ' ');
  text = text.trim();

  const length = codePointLength(text);
  if (length > maxLength) {
    throw new SanitizeError('too-long', `Must be at most ${maxLength} characters`, maxLength);
  }
  if (length < minLength) {
    const message = minLength === 1 ? 'Must not be empty' : `Must be at least ${minLength} characters`;
    throw new SanitizeError(minLength === 1 ? 'empty' : 'too-short', message, minLength);
  }
  return text;
}
