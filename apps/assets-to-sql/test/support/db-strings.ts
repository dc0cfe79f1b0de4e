// Arbitrary strings for the literal properties: full Unicode, lone surrogates, and the characters that matter
// to SQL quoting and to the CLIs (quotes, backslashes, NUL, CR/LF, `$(`, `GO` lines, comment starters).
import fc from 'fast-check';

const NASTY = [
  "'",
  '"',
  '`',
  '\\',
  '\u0000',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '$',
  '(',
  '$(',
  'GO',
  '\nGO\n',
  ':r ',
  '\n:!!',
  '\n.',
  '--',
  '/*',
  '*/',
  '#',
  ';',
  ']',
  'N',
  'E',
  '\u001a',
  '\u007f',
  '\ufeff',
  '\u2028',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  'e\u0301',
  '\u202e',
  '\u{10FFFF}',
] as const;

export function anyText(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: fc.constantFrom(...NASTY), maxLength }),
    fc.string({
      unit: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 2 })),
      maxLength,
    }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength }),
  );
}
