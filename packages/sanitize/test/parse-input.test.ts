import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  boundedText,
  formatPath,
  issueKey,
  numericId,
  parseInput,
  safeParseInput,
  ValidationError,
} from '../src/index';

const schema = z.strictObject({
  issueKey,
  fields: z.strictObject({
    summary: boundedText({ max: 20 }),
    labels: z.array(z.string().max(5)).optional(),
  }),
  items: z
    .array(z.strictObject({ id: numericId }))
    .max(3)
    .optional(),
});

function validationError(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseInput', () => {
  it('returns typed, transformed data', () => {
    const data = parseInput(schema, {
      issueKey: 'hd-1',
      fields: { summary: ' Printer down ' },
      items: [{ id: 7 }],
    });
    expect(data).toEqual({ issueKey: 'HD-1', fields: { summary: 'Printer down' }, items: [{ id: '7' }] });
  });

  it('reports issues with readable paths and a summary message', () => {
    const error = validationError(() =>
      parseInput(schema, {
        issueKey: 'nope',
        fields: { summary: 'x'.repeat(21) },
        items: [{ id: 1 }, { id: 2 }, { id: 'x' }],
      }),
    );
    expect(error.issues).toEqual([
      { path: 'issueKey', message: 'Expected a Jira issue key like ABC-123' },
      { path: 'fields.summary', message: 'Must be at most 20 characters' },
      { path: 'items[2].id', message: 'Expected a numeric id' },
    ]);
    expect(error.message).toBe(
      'Invalid input: issueKey: Expected a Jira issue key like ABC-123; fields.summary: Must be at most 20 characters; items[2].id: Expected a numeric id',
    );
    expect(error.code).toBe('invalid-input');
  });

  it('summarises only the first three issues', () => {
    const error = validationError(() => parseInput(z.array(z.number()), ['a', 'b', 'c', 'd', 'e']));
    expect(error.issues).toHaveLength(5);
    expect(error.message).toBe(
      'Invalid input: [0]: Expected number; [1]: Expected number; [2]: Expected number (and 2 more)',
    );
  });

  it('uses (root) for the payload itself and says Required for missing fields', () => {
    expect(validationError(() => parseInput(schema, 'just a string')).issues).toEqual([
      { path: '(root)', message: 'Expected object' },
    ]);
    expect(validationError(() => parseInput(schema, { fields: { summary: 'x' } })).issues).toEqual([
      { path: 'issueKey', message: 'Required' },
    ]);
  });

  it('never echoes received values (a secret in the wrong field does not come back)', () => {
    const secret = 'ATATT3xFfGF0-secret-token-Zx9';
    const loose = z.object({
      n: z.number(),
      e: z.enum(['a', 'b']),
      l: z.literal('x'),
      s: z.string().max(3),
      u: z.union([z.number(), z.boolean()]),
      r: z.record(z.string(), z.number()),
      email: z.email(),
      k: issueKey,
    });
    const strict = z.strictObject({ a: z.string() });
    for (const [s, payload] of [
      [
        loose,
        {
          n: secret,
          e: secret,
          l: secret,
          s: secret,
          u: secret,
          r: { [secret]: secret },
          email: secret,
          k: secret,
        },
      ],
      [strict, { a: 'ok', [secret]: 1 }],
    ] as const) {
      const error = validationError(() => parseInput(s, payload));
      expect(error.issues.length).toBeGreaterThan(0);
      expect(JSON.stringify(error.issues)).not.toContain(secret);
      expect(error.message).not.toContain(secret);
    }
  });

  describe('prototype pollution keys are refused before zod runs', () => {
    const anything = z.unknown();
    it.each([
      ['top-level __proto__ from JSON.parse', '{"__proto__":{"x":1}}', '__proto__'],
      ['nested __proto__', '{"a":{"b":{"__proto__":{"polluted":true}}}}', 'a.b.__proto__'],
      ['__proto__ inside an array', '{"items":[{"id":1},{"__proto__":{"x":1}}]}', 'items[1].__proto__'],
      ['constructor.prototype', '{"constructor":{"prototype":{"x":1}}}', 'constructor'],
      ['prototype', '[[{"prototype":1}]]', '[0][0].prototype'],
    ])('%s', (_name, json, path) => {
      const payload: unknown = JSON.parse(json);
      const error = validationError(() => parseInput(anything, payload));
      expect(error.issues).toEqual([{ path, message: 'This field name is not allowed' }]);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('also refuses them when the schema would strip or pass them through', () => {
      const passthrough = z.looseObject({ a: z.number() });
      expect(() => parseInput(passthrough, JSON.parse('{"a":1,"__proto__":{"isAdmin":true}}'))).toThrow(
        'Invalid input: __proto__: This field name is not allowed',
      );
      expect(() => parseInput(z.object({ a: z.number() }), JSON.parse('{"a":1,"constructor":{}}'))).toThrow(
        ValidationError,
      );
    });

    it('sees non-enumerable own keys too', () => {
      const payload = {};
      Object.defineProperty(payload, '__proto__', { value: { x: 1 }, enumerable: false });
      expect(() => parseInput(anything, payload)).toThrow('This field name is not allowed');
    });

    it('allows the words as values and as parts of longer keys', () => {
      expect(parseInput(anything, { name: '__proto__', constructorName: 'x', prototypes: [] })).toEqual({
        name: '__proto__',
        constructorName: 'x',
        prototypes: [],
      });
    });
  });

  describe('size and shape limits', () => {
    it('rejects payloads over maxBytes (UTF-8 bytes of the JSON) before zod runs', () => {
      let ran = false;
      const spy = z.unknown().transform((v) => {
        ran = true;
        return v;
      });
      expect(() => parseInput(spy, { text: 'x'.repeat(100_001) })).toThrow(
        'Input is larger than 100000 bytes',
      );
      expect(ran).toBe(false);
      // 4-byte emoji: 30 of them are 120 bytes + quotes.
      expect(() => parseInput(spy, '😀'.repeat(30), { maxBytes: 100 })).toThrow(
        'Input is larger than 100 bytes',
      );
      expect(parseInput(spy, 'x'.repeat(98), { maxBytes: 100 })).toBe('x'.repeat(98));
      expect(ran).toBe(true);
    });

    it('rejects deep nesting without recursion', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const error = validationError(() => parseInput(z.unknown(), deep));
      expect(error.issues[0]?.message).toBe('Input is nested more than 64 levels deep');
      let ok: unknown = 1;
      for (let i = 0; i < 10; i++) ok = { a: ok };
      expect(parseInput(z.unknown(), ok, { maxDepth: 10 })).toEqual(ok);
      expect(() => parseInput(z.unknown(), ok, { maxDepth: 9 })).toThrow(ValidationError);
    });

    it('rejects values that are not JSON data', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(() => parseInput(z.unknown(), cyclic)).toThrow('Input is not valid JSON data');
      expect(() => parseInput(z.unknown(), { n: 10n })).toThrow('Input is not valid JSON data');
    });

    it('validates its options', () => {
      expect(() => parseInput(z.unknown(), 1, { maxBytes: 0 })).toThrow(RangeError);
      expect(() => parseInput(z.unknown(), 1, { maxDepth: -1 })).toThrow(RangeError);
    });
  });
});

describe('safeParseInput', () => {
  it('returns ok/data or ok:false/error without throwing', () => {
    expect(safeParseInput(issueKey, 'ab-1')).toEqual({ ok: true, data: 'AB-1' });
    const result = safeParseInput(issueKey, 'x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ValidationError);
      expect(result.error.issues).toEqual([
        { path: '(root)', message: 'Expected a Jira issue key like ABC-123' },
      ]);
    }
    expect(safeParseInput(z.unknown(), JSON.parse('{"__proto__":1}')).ok).toBe(false);
  });
});

describe('formatPath', () => {
  it('formats paths and hides keys that do not look like field names', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['fields', 'summary'])).toBe('fields.summary');
    expect(formatPath(['items', 2, 'id'])).toBe('items[2].id');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['r', 'has space'])).toBe('r[…]');
    expect(formatPath(['r', 'x'.repeat(33)])).toBe('r[…]');
    expect(formatPath([Symbol('s')])).toBe('[…]');
  });
});
