// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is AQL template placeholder syntax under test, not a JS template.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AqlError,
  AqlSyntaxError,
  aqlTemplatePlaceholders,
  isAqlFragment,
  parseAql,
  renderAqlTemplate,
} from '../src/index';
import { controlChar, nastyString, where } from './helpers';

describe('placeholders in parseAql', () => {
  it('are plain bare text unless enabled (Assets treats them literally in REST calls)', () => {
    expect(where('Key = ${issue.key}')).toMatchObject({ value: { kind: 'literal', value: '${issue.key}' } });
  });

  it('are placeholder nodes in value positions when enabled', () => {
    expect(where('Key = ${issue.key}', true)).toMatchObject({
      kind: 'comparison',
      value: { kind: 'placeholder', name: 'issue.key', start: 6, end: 18 },
    });
    expect(where('Key in ${keys}', true)).toMatchObject({
      kind: 'in',
      values: { kind: 'placeholder', name: 'keys' },
    });
    expect(where('Key in (${a}, "b")', true)).toMatchObject({
      values: { kind: 'list', items: [{ kind: 'placeholder', name: 'a' }, { kind: 'literal' }] },
    });
    expect(where('Owner = user(${u})', true)).toMatchObject({
      value: { args: [{ kind: 'placeholder', name: 'u' }] },
    });
  });
});

describe('aqlTemplatePlaceholders', () => {
  it('returns the placeholder names in order, without duplicates', () => {
    expect(
      aqlTemplatePlaceholders(
        'Key = ${issue.key} OR (Owner = ${reporter} AND Key != ${issue.key}) ORDER BY Key',
      ),
    ).toEqual(['issue.key', 'reporter']);
  });

  it('supports Jira-style nested names and placeholders inside reference functions', () => {
    expect(aqlTemplatePlaceholders('Key = ${MyCustomField${0}}')).toEqual(['MyCustomField${0}']);
    expect(aqlTemplatePlaceholders('object having inR(Key = ${k}, refType in ${types})')).toEqual([
      'k',
      'types',
    ]);
  });

  it('returns no names for a template without placeholders, and validates it', () => {
    expect(aqlTemplatePlaceholders('objectType = Laptop')).toEqual([]);
    expect(() => aqlTemplatePlaceholders('objectType = ')).toThrow(AqlSyntaxError);
  });

  it.each<[string, string, number]>([
    ['${attr} = x', 'Placeholder ${attr} is not allowed here: placeholders may only stand for a value', 0],
    ['Name ${op} x', 'Placeholder ${op} is not allowed here: placeholders may only stand for a value', 5],
    ['Owner. ${x} = 1', 'Placeholder ${x} is not allowed here: placeholders may only stand for a value', 7],
    ['Owner.${x} = 1', 'A placeholder must be a whole value, not part of one', 6],
    [
      'a = b ORDER BY ${x}',
      'Placeholder ${x} is not allowed here: placeholders may only stand for a value',
      15,
    ],
    ['a = b AND ${x}', 'Placeholder ${x} is not allowed here: placeholders may only stand for a value', 10],
    [
      'object having ${f}',
      'Placeholder ${f} is not allowed here: placeholders may only stand for a value',
      14,
    ],
    ['a = b ${x}', 'Placeholder ${x} is not allowed here: placeholders may only stand for a value', 6],
    [
      'Key = "${k}"',
      'Placeholders cannot appear inside a quoted value; write them unquoted, they are quoted when rendered',
      7,
    ],
    ['Key = ITSM-${n}', 'A placeholder must be a whole value, not part of one', 11],
    ['Key = ${n}-1', 'A placeholder must be a whole value, not part of one', 10],
    ['Key = "a"${n}', 'A placeholder must be a whole value, not part of one', 9],
    [
      'object having connectedTickets(key = ${k})',
      'Placeholders are not supported inside connectedTickets() JQL',
      37,
    ],
    ['Key = ${}', 'Empty placeholder name', 6],
    ['Key = ${abc', 'Unterminated placeholder starting', 6],
    ['Key = ${a b}', 'Unexpected " " in placeholder name', 9],
  ])('%j → %s at position %i', (template, message, position) => {
    let caught: unknown;
    try {
      aqlTemplatePlaceholders(template);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AqlSyntaxError);
    expect((caught as AqlSyntaxError).message).toBe(`${message} at position ${position}`);
    expect((caught as AqlSyntaxError).position).toBe(position);
  });
});

describe('renderAqlTemplate', () => {
  it('substitutes quoted values and keeps the template text', () => {
    const q = renderAqlTemplate('objectType = Laptop AND Key = ${issue.key}  ORDER BY Key', {
      'issue.key': 'HD-1',
    });
    expect(isAqlFragment(q)).toBe(true);
    expect(String(q)).toBe('objectType = Laptop AND Key = "HD-1"  ORDER BY Key');
  });

  it('quotes hostile values so they stay one value', () => {
    const q = renderAqlTemplate('Key = ${k}', { k: 'x" OR Key != "' });
    expect(String(q)).toBe('Key = "x\\" OR Key != \\""');
    expect(where(String(q))).toMatchObject({ kind: 'comparison', value: { value: 'x" OR Key != "' } });
  });

  it('formats numbers, booleans and dates', () => {
    const q = renderAqlTemplate('a = ${n} AND b = ${b} AND c > ${d}', {
      n: 42,
      b: false,
      d: new Date('2024-05-06T07:08:09Z'),
    });
    expect(String(q)).toBe('a = "42" AND b = "false" AND c > "2024-05-06 07:08"');
  });

  it('renders arrays only for IN ${name}, and scalars there as a one-item list', () => {
    expect(String(renderAqlTemplate('Key in ${keys}', { keys: ['A-1', 'A-2'] }))).toBe(
      'Key in ("A-1", "A-2")',
    );
    expect(String(renderAqlTemplate('Key not in ${keys}', { keys: 'A-1' }))).toBe('Key not in ("A-1")');
    expect(() => renderAqlTemplate('Key = ${keys}', { keys: ['A-1'] })).toThrow(
      new AqlError('Placeholder ${keys} is not an IN list, so its value cannot be an array'),
    );
    expect(() => renderAqlTemplate('Key in ${keys}', { keys: [] })).toThrow(/empty list/);
  });

  it('names a missing placeholder, including names that exist on Object.prototype', () => {
    expect(() => renderAqlTemplate('Key = ${issue.key}', {})).toThrow(
      new AqlError('No value for AQL placeholder ${issue.key}'),
    );
    expect(() => renderAqlTemplate('Key = ${constructor}', {})).toThrow(/\$\{constructor\}/);
    expect(() => renderAqlTemplate('Key = ${toString}', {})).toThrow(/\$\{toString\}/);
  });

  it('rejects values that cannot be quoted', () => {
    expect(() => renderAqlTemplate('Key = ${k}', { k: 'a\nb' })).toThrow(/control character/);
    expect(() => renderAqlTemplate('Key = ${k}', { k: Number.NaN })).toThrow(/finite/);
  });

  it('rejects invalid templates with a syntax error', () => {
    expect(() => renderAqlTemplate('${k} = x', { k: 'Name' })).toThrow(AqlSyntaxError);
  });

  it('property: a rendered value is always exactly the one literal it replaced', () => {
    fc.assert(
      fc.property(nastyString, nastyString, (a, b) => {
        const q = renderAqlTemplate('objectType = Laptop AND (Key = ${a} OR Name like ${b})', { a, b });
        const ast = parseAql(String(q));
        expect(ast.where).toMatchObject({
          kind: 'and',
          left: { kind: 'comparison', value: { value: 'Laptop', quoted: false } },
          right: {
            kind: 'or',
            left: { kind: 'comparison', value: { kind: 'literal', quoted: true, value: a } },
            right: {
              kind: 'comparison',
              operator: 'like',
              value: { kind: 'literal', quoted: true, value: b },
            },
          },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('property: rendered IN lists keep their items', () => {
    fc.assert(
      fc.property(fc.array(nastyString, { minLength: 1, maxLength: 6 }), (keys) => {
        const node = where(String(renderAqlTemplate('Key in ${keys}', { keys })));
        if (node.kind !== 'in' || node.values.kind !== 'list') throw new Error('expected an IN list');
        expect(node.values.items.map((i) => (i.kind === 'literal' ? i.value : null))).toEqual(keys);
      }),
    );
  });

  it('property: values with control characters are refused', () => {
    fc.assert(
      fc.property(nastyString, controlChar, (v, bad) => {
        expect(() => renderAqlTemplate('Key = ${k}', { k: bad + v })).toThrow(AqlError);
      }),
    );
  });
});
