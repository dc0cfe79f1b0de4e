import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJiraDuration, parseJiraDuration, SanitizeError } from '../src/index';

const H = 3600;
const M = 60;

describe('parseJiraDuration', () => {
  it.each([
    ['1h 30m', H + 30 * M],
    ['1h30m', H + 30 * M],
    ['90m', 90 * M],
    ['2.5h', 2.5 * H],
    ['0.25h', 15 * M],
    ['1d', 8 * H],
    ['1w 2d', (5 * 8 + 2 * 8) * H],
    ['1W 2D 3H 4M', (7 * 8 + 3) * H + 4 * M],
    ['  3 h  ', 3 * H],
    ['1:15', H + 15 * M],
    ['0:05', 5 * M],
    ['12:00', 12 * H],
    ['0h 1m', M],
  ])('parses %j with Jira defaults (8h days, 5d weeks)', (text, seconds) => {
    expect(parseJiraDuration(text)).toBe(seconds);
  });

  it('uses hoursPerDay and daysPerWeek', () => {
    expect(parseJiraDuration('1d', { hoursPerDay: 24 })).toBe(24 * H);
    expect(parseJiraDuration('1d', { hoursPerDay: 8 })).toBe(8 * H);
    expect(parseJiraDuration('1w', { hoursPerDay: 24, daysPerWeek: 7 })).toBe(7 * 24 * H);
    expect(parseJiraDuration('1d', { hoursPerDay: 7.5 })).toBe(7.5 * H);
    expect(parseJiraDuration('1.5d', { hoursPerDay: 7.5 })).toBe(11.25 * H);
    // h and m do not depend on the settings.
    expect(parseJiraDuration('1h 1m', { hoursPerDay: 24, daysPerWeek: 7 })).toBe(H + M);
  });

  it.each([
    ['abc', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['   ', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['45s', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1h 30', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['-1h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1.h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1.234h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1:75', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1:5', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1:15 2h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['1e3h', 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    [`${'1'.repeat(70)}h`, 'Unrecognised duration: use e.g. 1h 30m, 2d, 1:15'],
    ['30m 1h', 'Each unit (w, d, h, m) may appear at most once, largest first, e.g. 1w 2d 3h 30m'],
    ['1h 2h', 'Each unit (w, d, h, m) may appear at most once, largest first, e.g. 1w 2d 3h 30m'],
    ['1.5m', 'Minutes must be a whole number, e.g. 1h 30m'],
    ['0h', 'Duration must be greater than zero'],
    ['0:00', 'Duration must be greater than zero'],
    ['0w 0d 0h 0m', 'Duration must be greater than zero'],
    ['999999h', 'Duration must be at most 8760h'],
  ])('rejects %j with a message that does not echo the input', (text, message) => {
    expect(() => parseJiraDuration(text)).toThrow(message);
    try {
      parseJiraDuration(text);
    } catch (error) {
      expect(error).toBeInstanceOf(SanitizeError);
      expect(error).toMatchObject({ code: 'invalid-duration' });
    }
  });

  it('honours maxSeconds', () => {
    expect(parseJiraDuration('8h', { maxSeconds: 8 * H })).toBe(8 * H);
    expect(() => parseJiraDuration('8h 1m', { maxSeconds: 8 * H })).toThrow('Duration must be at most 8h');
  });

  it('rejects non-strings and invalid options', () => {
    expect(() => parseJiraDuration(90)).toThrow(SanitizeError);
    expect(() => parseJiraDuration('1h', { hoursPerDay: 0 })).toThrow(RangeError);
    expect(() => parseJiraDuration('1h', { hoursPerDay: 25 })).toThrow(RangeError);
    expect(() => parseJiraDuration('1h', { daysPerWeek: 8 })).toThrow(RangeError);
    expect(() => parseJiraDuration('1h', { maxSeconds: -1 })).toThrow(RangeError);
  });

  it('is fast on long hostile input', () => {
    const start = performance.now();
    for (const text of [`${' '.repeat(60)}x`, `1${' '.repeat(60)}`, '1h'.repeat(32)]) {
      expect(() => parseJiraDuration(text)).toThrow(SanitizeError);
    }
    expect(performance.now() - start).toBeLessThan(100);
  });
});

describe('formatJiraDuration', () => {
  it('formats like Jira', () => {
    expect(formatJiraDuration(H + 30 * M)).toBe('1h 30m');
    expect(formatJiraDuration(5 * 8 * H + 8 * H + 90)).toBe('1w 1d 1m');
    expect(formatJiraDuration(0)).toBe('0m');
    expect(formatJiraDuration(24 * H, { hoursPerDay: 24 })).toBe('1d');
    expect(() => formatJiraDuration(-1)).toThrow(RangeError);
  });
});

describe('parseJiraDuration: properties', () => {
  const settings = fc.record({
    hoursPerDay: fc.constantFrom(8, 24, 7.5, 10),
    daysPerWeek: fc.constantFrom(5, 7, 4.5, 6),
  });
  const tuple = fc
    .tuple(fc.nat(20), fc.nat(6), fc.nat(23), fc.nat(59))
    .filter(([w, d, h, m]) => w + d + h + m > 0);

  it('agrees with an independent formatter for generated (w, d, h, m) tuples', () => {
    fc.assert(
      fc.property(tuple, settings, fc.boolean(), fc.boolean(), ([w, d, h, m], options, spaced, upper) => {
        const parts = (
          [
            [w, 'w'],
            [d, 'd'],
            [h, 'h'],
            [m, 'm'],
          ] as const
        )
          .filter(([n]) => n > 0)
          .map(([n, unit]) => `${n}${upper ? unit.toUpperCase() : unit}`);
        const text = parts.join(spaced ? ' ' : '');
        const expected = Math.round(((w * options.daysPerWeek + d) * options.hoursPerDay + h) * H + m * M);
        expect(parseJiraDuration(text, options)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips formatJiraDuration for whole minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), settings, (minutes, options) => {
        const seconds = minutes * M;
        expect(parseJiraDuration(formatJiraDuration(seconds, options), options)).toBe(seconds);
      }),
      { numRuns: 1000 },
    );
  });

  it('h:mm equals the unit form', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(59), (h, m) => {
        fc.pre(h + m > 0);
        expect(parseJiraDuration(`${h}:${String(m).padStart(2, '0')}`)).toBe(h * H + m * M);
      }),
    );
  });
});
