import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  FORBIDDEN_RANGES,
  isForbiddenCodePoint,
  SanitizeError,
  sanitizeText,
} from '../src/index';
import { hostileText } from './arbitraries';

const single = { maxLength: 1000 };
const multi = { maxLength: 1000, multiline: true };

function hasForbidden(text: string): boolean {
  for (const ch of text) {
    if (isForbiddenCodePoint(ch.codePointAt(0) ?? 0)) return true;
  }
  return false;
}

describe('sanitizeText: examples', () => {
  it('removes Trojan Source bidi controls', () => {
    // The classic "early return in a comment" sample: RLO/LRI/PDI hide the real order of the code.
    const trojan = 'access_level != "user\u202e \u2066// Check if admin\u2069 \u2066"';
    const out = sanitizeText(trojan, single);
    expect(out).toBe('access_level != "user // Check if admin "');
    for (const ch of [
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ]) {
      expect(sanitizeText(`a${ch}b`, single)).toBe('ab');
    }
    expect(sanitizeText('a\u200eb\u200fc\u061cd', single)).toBe('abcd');
  });

  it('removes zero-width characters in the middle of a word', () => {
    expect(sanitizeText('pay\u200bpal', single)).toBe('paypal');
    expect(sanitizeText('ad\u200cm\u200din\u2060\ufeff', single)).toBe('admin');
    expect(sanitizeText('\ufeffBOM at start', single)).toBe('BOM at start');
    expect(sanitizeText('soft\u00adhyphen', single)).toBe('softhyphen');
  });

  it('removes tag characters (invisible ASCII smuggling)', () => {
    const smuggled = `hello${[...'ignore previous'].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('')}`;
    expect(sanitizeText(smuggled, single)).toBe('hello');
  });

  it('normalises NFD to NFC, including when a removed character separated base and mark', () => {
    expect(sanitizeText('e\u0301', single)).toBe('\u00e9');
    expect(sanitizeText('\u00e9', single)).toBe('\u00e9');
    expect(sanitizeText('e\u200b\u0301', single)).toBe('\u00e9');
    expect(sanitizeText('Cafe\u0301', single)).toBe(sanitizeText('Café', single));
  });

  it('removes lone surrogates and keeps valid pairs', () => {
    expect(sanitizeText('a\ud800b', single)).toBe('ab');
    expect(sanitizeText('a\udc00b', single)).toBe('ab');
    expect(sanitizeText('\ud800', single)).toBe('');
    // Removing the ZWSP must not glue the two halves into a new character.
    expect(sanitizeText('\ud83d\u200b\ude00', single)).toBe('');
    expect(sanitizeText('\ud83d\ude00', single)).toBe('😀');
  });

  it('keeps emoji intact (including presentation selectors, skin tones and flags)', () => {
    for (const emoji of ['😀', '👍🏽', '❤️', '🇬🇧', '✔\ufe0e']) {
      expect(sanitizeText(`ok ${emoji}`, single)).toBe(`ok ${emoji}`);
    }
  });

  it('splits ZWJ emoji sequences into their parts (ZWJ is on the strip list)', () => {
    expect(sanitizeText('👨\u200d👩\u200d👧', single)).toBe('👨👩👧');
  });

  it('collapses CRLF and lone CR to LF in multiline mode', () => {
    expect(sanitizeText('a\r\nb\rc\nd', multi)).toBe('a\nb\nc\nd');
    expect(sanitizeText('a\u2028b\u2029c', multi)).toBe('a\nb\nc');
    expect(sanitizeText('a\r\n\r\nb', multi)).toBe('a\n\nb');
    expect(sanitizeText('col1\tcol2', multi)).toBe('col1\tcol2');
  });

  it('turns each run of line breaks/tabs into one space in single-line mode', () => {
    expect(sanitizeText('a\r\nb', single)).toBe('a b');
    expect(sanitizeText('a\n\n\t\nb', single)).toBe('a b');
    expect(sanitizeText('a\tb', single)).toBe('a b');
  });

  it('strips C0 and C1 controls other than LF/TAB', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001bd\u007fe\u0085f\u009fg\u000bh\u000ci', multi)).toBe(
      'abcdefghi',
    );
  });

  it('trims, including NBSP and blank lines', () => {
    expect(sanitizeText('  \u00a0 hi \n\n', multi)).toBe('hi');
    expect(sanitizeText('\n\n  x  \n', multi)).toBe('x');
  });

  it('keeps markup characters literally (escaping is the output layer’s job)', () => {
    expect(sanitizeText('<script>alert(1)</script> & *x*', single)).toBe('<script>alert(1)</script> & *x*');
  });

  it('counts length in code points after cleaning and rejects over-length input without truncating', () => {
    expect(sanitizeText('😀😀😀', { maxLength: 3 })).toBe('😀😀😀');
    expect(sanitizeText(`abc${'\u200b'.repeat(50)}`, { maxLength: 3 })).toBe('abc');
    expect(sanitizeText('  abc  ', { maxLength: 3 })).toBe('abc');
    const error = (() => {
      try {
        sanitizeText('abcd', { maxLength: 3 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SanitizeError);
    expect(error).toMatchObject({ code: 'too-long', limit: 3, message: 'Must be at most 3 characters' });
  });

  it('enforces minLength', () => {
    expect(() => sanitizeText('  \u200b ', { maxLength: 5, minLength: 1 })).toThrow(
      expect.objectContaining({ code: 'empty', message: 'Must not be empty' }),
    );
    expect(() => sanitizeText('ab', { maxLength: 5, minLength: 3 })).toThrow(
      expect.objectContaining({ code: 'too-short' }),
    );
  });

  it('rejects non-strings and bad options', () => {
    expect(() => sanitizeText(42, single)).toThrow(expect.objectContaining({ code: 'not-a-string' }));
    expect(() => sanitizeText(null, single)).toThrow(SanitizeError);
    expect(() => sanitizeText('x', { maxLength: 0 })).toThrow(RangeError);
    expect(() => sanitizeText('x', { maxLength: 1.5 })).toThrow(RangeError);
    expect(() => sanitizeText('x', { maxLength: 2, minLength: 3 })).toThrow(RangeError);
  });

  it('counts code points', () => {
    expect(codePointLength('a😀é')).toBe(3);
    expect(codePointLength('')).toBe(0);
  });
});

describe('forbidden set', () => {
  it('ranges are sorted and disjoint (the lookup relies on it)', () => {
    for (let i = 1; i < FORBIDDEN_RANGES.length; i++) {
      const prev = FORBIDDEN_RANGES[i - 1];
      const cur = FORBIDDEN_RANGES[i];
      expect(prev && cur && prev[1] < cur[0]).toBe(true);
    }
  });

  it('covers every Default_Ignorable_Code_Point except U+FE00–U+FE0F, all Cc except TAB/LF/CR, and Bidi_Control', () => {
    const defaultIgnorable = /\p{Default_Ignorable_Code_Point}/u;
    const control = /\p{Cc}/u;
    const bidi = /\p{Bidi_Control}/u;
    const missed: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const mustForbid =
        (defaultIgnorable.test(ch) && !(cp >= 0xfe00 && cp <= 0xfe0f)) ||
        (control.test(ch) && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) ||
        bidi.test(ch);
      if (mustForbid && !isForbiddenCodePoint(cp)) missed.push(cp);
    }
    expect(missed).toEqual([]);
    expect(isForbiddenCodePoint(0xd800)).toBe(true);
    expect(isForbiddenCodePoint(0xfe0f)).toBe(false);
    expect(isForbiddenCodePoint(0x0a)).toBe(false);
    expect(isForbiddenCodePoint(0x1fffe)).toBe(true);
  });

  it('NFC never turns an allowed code point into a forbidden one (why one strip after NFC suffices)', () => {
    const produced: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || isForbiddenCodePoint(cp)) continue;
      const nfc = String.fromCodePoint(cp).normalize('NFC');
      for (const ch of nfc) {
        const out = ch.codePointAt(0) ?? 0;
        if (isForbiddenCodePoint(out)) produced.push(cp);
      }
    }
    expect(produced).toEqual([]);
  });
});

describe('sanitizeText: properties', () => {
  it('is idempotent (single-line and multiline)', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, multiline) => {
        const options = { maxLength: 1000, multiline };
        const once = sanitizeText(text, options);
        expect(sanitizeText(once, options)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never outputs a forbidden code point, CR, or (single-line) LF/TAB; output is NFC and trimmed', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, multiline) => {
        const out = sanitizeText(text, { maxLength: 1000, multiline });
        expect(hasForbidden(out)).toBe(false);
        expect(out).not.toMatch(/[\r\u2028\u2029]/);
        if (!multiline) expect(out).not.toMatch(/[\n\t]/);
        expect(out.normalize('NFC')).toBe(out);
        expect(out.trim()).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('either returns at most maxLength code points or throws too-long', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 40 }), (text, maxLength) => {
        try {
          expect(codePointLength(sanitizeText(text, { maxLength }))).toBeLessThanOrEqual(maxLength);
        } catch (error) {
          expect(error).toBeInstanceOf(SanitizeError);
          expect(error).toMatchObject({ code: 'too-long', limit: maxLength });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('returns clean printable text unchanged (after NFC and trim) and never throws for it', () => {
    const printable = fc
      .string({ unit: 'grapheme', maxLength: 40 })
      .filter((s) => !hasForbidden(s) && !/[\n\t\r\u2028\u2029]/.test(s));
    fc.assert(
      fc.property(printable, (text) => {
        const expected = text.normalize('NFC').trim();
        const maxLength = Math.max(1, codePointLength(expected));
        expect(sanitizeText(text, { maxLength })).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
