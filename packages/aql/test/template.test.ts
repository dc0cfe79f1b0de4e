// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is AQL template placeholder syntax under test, not a JS template.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AqlError,
  type AqlQuery,
  AqlSyntaxError,
  aql,
  aqlAttribute,
  aqlId,
  aqlRaw,
  isAqlFragment,
  parseAql,
  quoteAqlValue,
} from '../src/index';
import { controlChar, nastyString, where } from './helpers';

describe('aql tagged template', () => {
  it('quotes every interpolation', () => {
    const type = 'Laptop';
    const text = '15" Screen';
    const q = aql`objectType = ${type} AND Name like ${text}`;
    expect(String(q)).toBe('objectType = "Laptop" AND Name like "15\\" Screen"');
  });

  it('renders arrays as a parenthesised, quoted list', () => {
    expect(String(aql`Key in ${['ITSM-1', 'a"b']}`)).toBe('Key in ("ITSM-1", "a\\"b")');
    expect(String(aql`objectTypeId in ${[1, 2]}`)).toBe('objectTypeId in ("1", "2")');
  });

  it('rejects an empty array instead of producing Key in ()', () => {
    expect(() => aql`Key in ${[]}`).toThrow(
      new AqlError('Cannot interpolate an empty array into AQL (IN list)'),
    );
  });

  it('formats numbers, booleans and dates through quoteAqlValue', () => {
    const q = aql`objectTypeId = ${12} AND Active = ${true} AND Created > ${new Date('2024-01-02T03:04:00Z')}`;
    expect(q.text).toBe('objectTypeId = "12" AND Active = "true" AND Created > "2024-01-02 03:04"');
  });

  it('propagates quoting errors (control characters)', () => {
    expect(() => aql`Name = ${'a\r\nb'}`).toThrow(/control character U\+000D/);
  });

  it('returns a branded object usable as a string and as JSON', () => {
    const q: AqlQuery = aql`Key = ${'A-1'}`;
    expect(isAqlFragment(q)).toBe(true);
    expect(q.kind).toBe('query');
    expect(`${q}`).toBe('Key = "A-1"');
    expect(JSON.stringify({ qlQuery: q })).toBe('{"qlQuery":"Key = \\"A-1\\""}');
    expect(JSON.stringify({ qlQuery: String(q) })).toBe(JSON.stringify({ qlQuery: q.text }));
    expect(Object.isFrozen(q)).toBe(true);
  });

  it('inserts nested aql results, attributes and raw fragments unquoted', () => {
    const inner = aql`Status = ${'In use'}`;
    const attr = aqlAttribute('Serial number');
    const q = aql`objectType = ${'Laptop'} AND (${inner}) AND ${attr} = ${'SN 1'} ${aqlRaw('ORDER BY Key DESC')}`;
    expect(String(q)).toBe(
      'objectType = "Laptop" AND (Status = "In use") AND "Serial number" = "SN 1" ORDER BY Key DESC',
    );
    expect(parseAql(String(q)).orderBy?.direction).toBe('desc');
  });

  it('does not trust look-alike objects: they are rejected, not inserted', () => {
    const forged = { kind: 'query', text: ') OR (1 = 1', toString: () => ') OR (1 = 1' };
    expect(() => aql`Key = ${forged as unknown as AqlQuery}`).toThrow(/type object/);
    expect(isAqlFragment(forged)).toBe(false);
  });

  it('refuses to be called as a plain function with user text', () => {
    const call = aql as unknown as (strings: unknown) => AqlQuery;
    expect(() => call(['Name = x) OR (y'])).toThrow(/tagged template/);
  });

  it('property: Name = ${v} parses to exactly one comparison whose literal decodes to v', () => {
    fc.assert(
      fc.property(nastyString, (v) => {
        const ast = parseAql(String(aql`Name = ${v}`));
        expect(ast.orderBy).toBeNull();
        const node = ast.where;
        expect(node?.kind).toBe('comparison');
        if (node?.kind !== 'comparison') return;
        expect(node.operator).toBe('=');
        expect(node.attribute.path.map((p) => p.name)).toEqual(['Name']);
        expect(node.value).toMatchObject({ kind: 'literal', quoted: true, value: v });
      }),
      { numRuns: 1000 },
    );
  });

  it('property: interpolations never change the structure of the surrounding query', () => {
    fc.assert(
      fc.property(nastyString, nastyString, (a, b) => {
        const node = where(String(aql`objectType = ${a} AND Name = ${b}`));
        expect(node.kind).toBe('and');
        if (node.kind !== 'and') return;
        expect(node.left).toMatchObject({
          kind: 'comparison',
          value: { kind: 'literal', quoted: true, value: a },
        });
        expect(node.right).toMatchObject({
          kind: 'comparison',
          value: { kind: 'literal', quoted: true, value: b },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: Key in ${arr} is one IN clause with the same list', () => {
    fc.assert(
      fc.property(fc.array(nastyString, { minLength: 1, maxLength: 8 }), nastyString, (keys, other) => {
        const node = where(String(aql`Key in ${keys} OR Name like ${other} ORDER BY Key`));
        expect(node.kind).toBe('or');
        if (node.kind !== 'or') return;
        const inNode = node.left;
        expect(inNode.kind).toBe('in');
        if (inNode.kind !== 'in' || inNode.values.kind !== 'list') throw new Error('expected an IN list');
        expect(inNode.negated).toBe(false);
        expect(inNode.values.items.map((i) => (i.kind === 'literal' && i.quoted ? i.value : null))).toEqual(
          keys,
        );
        expect(node.right).toMatchObject({ kind: 'comparison', operator: 'like', value: { value: other } });
      }),
      { numRuns: 300 },
    );
  });

  it('property: values with a control character never produce a query', () => {
    fc.assert(
      fc.property(nastyString, controlChar, (v, bad) => {
        expect(() => aql`Name = ${v + bad}`).toThrow(AqlError);
        expect(() => aql`Key in ${['ok', bad + v]}`).toThrow(AqlError);
      }),
    );
  });
});

describe('aqlAttribute', () => {
  it('leaves simple identifiers bare', () => {
    expect(String(aqlAttribute('Name'))).toBe('Name');
    expect(String(aqlAttribute('objectTypeId'))).toBe('objectTypeId');
    expect(String(aqlAttribute('_x1'))).toBe('_x1');
  });

  it('quotes names with spaces, punctuation or non-ASCII, with value escaping', () => {
    expect(String(aqlAttribute('Serial number'))).toBe('"Serial number"');
    expect(String(aqlAttribute('Größe'))).toBe('"Größe"');
    expect(String(aqlAttribute('a"b\\c'))).toBe('"a\\"b\\\\c"');
    expect(String(aqlAttribute('Owner.Email'))).toBe('"Owner.Email"');
  });

  it('quotes keywords so they stay attribute names', () => {
    expect(String(aqlAttribute('order'))).toBe('"order"');
    expect(String(aqlAttribute('AND'))).toBe('"AND"');
    const node = where(String(aql`${aqlAttribute('not')} = ${'x'}`));
    expect(node).toMatchObject({ kind: 'comparison', attribute: { path: [{ name: 'not', quoted: true }] } });
  });

  it('builds dotted reference paths from an array', () => {
    expect(String(aqlAttribute(['Owner', 'Email']))).toBe('Owner.Email');
    expect(String(aqlAttribute(['Belongs to Department', 'Name']))).toBe('"Belongs to Department".Name');
  });

  it('rejects empty names and control characters', () => {
    expect(() => aqlAttribute('')).toThrow(new AqlError('Attribute name cannot be empty'));
    expect(() => aqlAttribute('  ')).toThrow(/cannot be empty/);
    expect(() => aqlAttribute([])).toThrow(/path cannot be empty/);
    expect(() => aqlAttribute('a\nb')).toThrow(/AQL attribute name contains a control character U\+000A/);
    expect(() => aqlAttribute('a\ud800')).toThrow(/lone surrogate/);
  });

  it('property: any accepted name is one attribute in the parsed query', () => {
    fc.assert(
      fc.property(nastyString, nastyString, (name, v) => {
        fc.pre(name.trim() !== '');
        const node = where(String(aql`${aqlAttribute(name)} = ${v}`));
        expect(node).toMatchObject({
          kind: 'comparison',
          attribute: { path: [{ name }] },
          value: { value: v },
        });
        if (node.kind === 'comparison') expect(node.attribute.path).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});

describe('aqlRaw', () => {
  it('accepts code-written fragments', () => {
    const raw = aqlRaw('ORDER BY Created DESC');
    expect(raw.kind).toBe('raw');
    expect(String(aql`objectTypeId = ${3} ${raw}`)).toBe('objectTypeId = "3" ORDER BY Created DESC');
  });

  it('does not accept string variables at compile time', () => {
    const userText: string = ') OR (Key = x';
    // @ts-expect-error a `string` is not a string literal type
    expect(() => aqlRaw(userText)).toThrow(/unbalanced parentheses/);
    // @ts-expect-error a template with holes is not a literal either
    expect(String(aqlRaw(`Name = ${userText.length}`))).toBe('Name = 13');
  });

  it('rejects fragments that would leave a quote or parenthesis open', () => {
    expect(() => aqlRaw('Name = "x')).toThrow(AqlSyntaxError);
    expect(() => aqlRaw('(Name = x')).toThrow(new AqlError('aqlRaw fragment has unbalanced parentheses'));
    expect(() => aqlRaw(') OR (')).toThrow(/unbalanced/);
  });
});

describe('quoteAqlValue and aql agree', () => {
  it('the tag uses exactly quoteAqlValue for scalars', () => {
    fc.assert(
      fc.property(nastyString, (v) => {
        expect(String(aql`${v}`)).toBe(quoteAqlValue(v));
      }),
    );
  });
});

describe('aqlId', () => {
  it('writes numeric ids bare, alone and in lists', () => {
    expect(String(aql`objectTypeId = ${aqlId(12)}`)).toBe('objectTypeId = 12');
    expect(String(aql`objectSchemaId in ${[aqlId('1'), aqlId(2)]}`)).toBe('objectSchemaId in (1, 2)');
  });

  it.each([
    ['12 OR 1=1'],
    ['-1'],
    ['1.5'],
    [''],
    ['１２'],
    [-3],
    [1.5],
    [Number.NaN],
    [2 ** 60],
    ['1'.repeat(20)],
  ])('refuses %j', (value) => {
    expect(() => aqlId(value as number | string)).toThrow(AqlError);
  });

  it('parses back to one comparison with the same number for any safe integer id', () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const ast = parseAql(String(aql`objectTypeId = ${aqlId(n)}`));
        expect(ast.where).toMatchObject({
          kind: 'comparison',
          value: { kind: 'literal', value: String(n), quoted: false },
        });
      }),
    );
  });
});
