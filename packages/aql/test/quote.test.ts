import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AqlError, quoteAqlValue } from '../src/index';
import { controlChar, loneSurrogate, nastyString } from './helpers';

describe('quoteAqlValue', () => {
  it('always double-quotes strings, even without spaces', () => {
    expect(quoteAqlValue('Laptop')).toBe('"Laptop"');
    expect(quoteAqlValue('')).toBe('""');
    expect(quoteAqlValue('Ted Anderson')).toBe('"Ted Anderson"');
  });

  it('escapes a double quote with a backslash (reference §4.2: Name = "15\\" Screen")', () => {
    expect(quoteAqlValue('15" Screen')).toBe('"15\\" Screen"');
  });

  it('escapes backslashes before quotes so the added backslash is not doubled', () => {
    expect(quoteAqlValue('C:\\Temp')).toBe('"C:\\\\Temp"');
    expect(quoteAqlValue('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quoteAqlValue('\\')).toBe('"\\\\"');
  });

  it('neutralises keywords and syntax characters by quoting them', () => {
    expect(quoteAqlValue('x") OR ("1" = "1')).toBe('"x\\") OR (\\"1\\" = \\"1"');
    expect(quoteAqlValue('AND')).toBe('"AND"');
  });

  it('keeps smart quotes and other Unicode as literal characters', () => {
    expect(quoteAqlValue('15” “x”')).toBe('"15” “x”"');
    expect(quoteAqlValue('😀 ü')).toBe('"😀 ü"');
  });

  it('formats finite numbers as plain decimals, quoted', () => {
    expect(quoteAqlValue(12)).toBe('"12"');
    expect(quoteAqlValue(-3.5)).toBe('"-3.5"');
    expect(quoteAqlValue(-0)).toBe('"0"');
    expect(quoteAqlValue(12345678901234567890n)).toBe('"12345678901234567890"');
  });

  it('rejects non-finite numbers and numbers that need an exponent', () => {
    expect(() => quoteAqlValue(Number.NaN)).toThrow(/finite number, got NaN/);
    expect(() => quoteAqlValue(Number.POSITIVE_INFINITY)).toThrow(AqlError);
    expect(() => quoteAqlValue(1e21)).toThrow(/exponent/);
    expect(() => quoteAqlValue(1e-7)).toThrow(/exponent/);
  });

  it('formats booleans', () => {
    expect(quoteAqlValue(true)).toBe('"true"');
    expect(quoteAqlValue(false)).toBe('"false"');
  });

  it('formats dates as "yyyy-MM-dd HH:mm" in UTC', () => {
    expect(quoteAqlValue(new Date('2024-03-01T09:05:59.999Z'))).toBe('"2024-03-01 09:05"');
    expect(quoteAqlValue(new Date('2024-12-31T23:30:00-02:00'))).toBe('"2025-01-01 01:30"');
  });

  it('rejects invalid dates and years that do not fit four digits', () => {
    expect(() => quoteAqlValue(new Date('nope'))).toThrow(/invalid Date/);
    expect(() => quoteAqlValue(new Date(Date.UTC(10000, 0, 1)))).toThrow(/outside 0000-9999/);
  });

  it('rejects control characters with a clear message that does not echo the value', () => {
    expect(() => quoteAqlValue('secret\nName = x')).toThrow(
      new AqlError('AQL value contains a control character U+000A at index 6; it cannot be quoted safely'),
    );
    expect(() => quoteAqlValue('a\u0000')).toThrow(/U\+0000/);
    expect(() => quoteAqlValue('\u007f')).toThrow(/U\+007F/);
    expect(() => quoteAqlValue('\u0085')).toThrow(/U\+0085/);
    expect(() => quoteAqlValue('tab\there')).toThrow(AqlError);
  });

  it('rejects lone surrogates but accepts surrogate pairs', () => {
    expect(() => quoteAqlValue('a\ud800b')).toThrow(/lone surrogate U\+D800 at index 1/);
    expect(() => quoteAqlValue('\udc00')).toThrow(/lone surrogate U\+DC00/);
    expect(() => quoteAqlValue('\ud83d')).toThrow(AqlError);
    expect(quoteAqlValue('\ud83d\ude00')).toBe('"😀"');
  });

  it('rejects values of unsupported types from untyped callers', () => {
    const call = (v: unknown) => () => quoteAqlValue(v as string);
    expect(call(null)).toThrow(new AqlError('Cannot use a value of type null in AQL'));
    expect(call(undefined)).toThrow(/type undefined/);
    expect(call({ toString: () => '") OR ("' })).toThrow(/type object/);
    expect(call(Symbol('x'))).toThrow(/type symbol/);
  });

  it('property: accepted strings are wrapped in quotes and contain no unescaped quote', () => {
    fc.assert(
      fc.property(nastyString, (v) => {
        const quoted = quoteAqlValue(v);
        expect(quoted.startsWith('"') && quoted.endsWith('"')).toBe(true);
        const inner = quoted.slice(1, -1);
        // Undo the escaping by hand: every backslash must start a \\ or \" pair.
        let decoded = '';
        for (let i = 0; i < inner.length; i++) {
          const ch = inner.charAt(i);
          if (ch === '\\') {
            const next = inner.charAt(i + 1);
            expect(['\\', '"']).toContain(next);
            decoded += next;
            i++;
          } else {
            expect(ch).not.toBe('"');
            decoded += ch;
          }
        }
        expect(decoded).toBe(v);
      }),
      { numRuns: 500 },
    );
  });

  it('property: every string containing a control character is rejected', () => {
    fc.assert(
      fc.property(nastyString, controlChar, nastyString, (before, bad, after) => {
        expect(() => quoteAqlValue(before + bad + after)).toThrow(AqlError);
      }),
      { numRuns: 500 },
    );
  });

  it('property: every string containing a lone surrogate is rejected', () => {
    fc.assert(
      fc.property(nastyString, loneSurrogate, nastyString, (before, bad, after) => {
        expect(() => quoteAqlValue(before + bad + after)).toThrow(/lone surrogate/);
      }),
      { numRuns: 500 },
    );
  });

  it('property: finite numbers without an exponent quote to their decimal text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        fc.pre(!/e/.test(String(n)));
        expect(quoteAqlValue(n)).toBe(`"${Object.is(n, -0) ? '0' : String(n)}"`);
      }),
    );
  });
});
