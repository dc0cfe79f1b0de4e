// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is AQL template placeholder syntax under test, not a JS template.
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AqlError,
  type ComparisonOperator,
  type ExpressionNode,
  type FunctionNode,
  formatAql,
  type IdentifierNode,
  type LiteralNode,
  parseAql,
  type QueryNode,
  type ValueNode,
} from '../src/index';
import { tokenize } from '../src/lexer';
import { nastyString, stripPositions } from './helpers';

const at = { start: 0, end: 0 };
const KEYWORDS = ['and', 'or', 'not', 'in', 'is', 'empty', 'like', 'having', 'order', 'by', 'asc', 'desc'];
const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

describe('formatAql', () => {
  it.each([
    [
      'objectType=Laptop and Name like "15\\" Screen" order by Key desc',
      'objectType = Laptop AND Name LIKE "15\\" Screen" ORDER BY Key DESC',
    ],
    ['a = 1 or b = 2 and c = 3', 'a = 1 OR b = 2 AND c = 3'],
    ['(a = 1 or b = 2) and c = 3', '(a = 1 OR b = 2) AND c = 3'],
    ['a = 1 and (b = 2 and c = 3)', 'a = 1 AND (b = 2 AND c = 3)'],
    ['not (a = 1 or b = 2) and not c is empty', 'NOT (a = 1 OR b = 2) AND NOT c IS EMPTY'],
    ['Key not in (a,"b c")', 'Key NOT IN (a, "b c")'],
    ['x is not empty', 'x IS NOT EMPTY'],
    ['"Owner".Name startswith A', '"Owner".Name STARTSWITH A'],
    ['Created > now( -2h  15m )', 'Created > now(-2h 15m)'],
    [
      'object not having inR(objectType = "File System" , refType in (Depends))',
      'object NOT HAVING inR(objectType = "File System", refType IN (Depends))',
    ],
    ['object having outboundReferences()', 'object HAVING outboundReferences()'],
    ['object having connectedTickets( project = HD )', 'object HAVING connectedTickets(project = HD)'],
    ['ORDER BY "Belongs to Department".Name', 'ORDER BY "Belongs to Department".Name'],
  ])('formats %j canonically', (input, expected) => {
    expect(formatAql(parseAql(input))).toBe(expected);
    expect(formatAql(parseAql(expected))).toBe(expected);
  });

  it('prints placeholders from templates', () => {
    expect(formatAql(parseAql('Key in ${keys}', { placeholders: true }))).toBe('Key IN ${keys}');
  });

  it('quotes hand-built bare literals and names that would not re-parse as the same token', () => {
    const attribute = {
      kind: 'attribute',
      path: [{ kind: 'identifier', name: 'and', quoted: false, ...at }],
      ...at,
    } as const;
    const node: ExpressionNode = {
      kind: 'comparison',
      attribute,
      operator: '=',
      value: { kind: 'literal', value: 'x) OR (y', quoted: false, ...at },
      ...at,
    };
    expect(formatAql(node)).toBe('"and" = "x) OR (y"');
  });

  it('refuses to print trees that have no AQL form', () => {
    const emptyList: ExpressionNode = {
      kind: 'in',
      attribute: {
        kind: 'attribute',
        path: [{ kind: 'identifier', name: 'Key', quoted: false, ...at }],
        ...at,
      },
      negated: false,
      values: { kind: 'list', items: [], ...at },
      ...at,
    };
    expect(() => formatAql(emptyList)).toThrow(new AqlError('An IN list cannot be empty'));
    expect(() => formatAql({ kind: 'literal', value: 'a\u0000', quoted: true, ...at })).toThrow(
      /control character/,
    );
    expect(() => formatAql({ kind: 'function', name: 'x()', args: [], ...at })).toThrow(/function name/);
  });
});

// ---- Generator of canonical trees (positions zeroed) ----

const RESERVED = [
  'and',
  'or',
  'not',
  'in',
  'is',
  'empty',
  'like',
  'having',
  'order',
  'startswith',
  'endswith',
];
const bareWord = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_@:-]{0,8}$/)
  .filter((w) => !RESERVED.includes(w.toLowerCase()));
const bareValueText = fc.oneof(
  bareWord,
  fc.stringMatching(/^-?[0-9]{1,4}[dhmw]?$/),
  fc.tuple(bareWord, bareWord).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('10.0.0.1', 'Inc.', 'ITSM-1111', 'ana@example.com', '2024-01-01'),
);

const identifier: fc.Arbitrary<IdentifierNode> = fc.oneof(
  bareWord.map((name) => ({ kind: 'identifier' as const, name, quoted: false, ...at })),
  nastyString
    .filter((name) => name !== '')
    .map((name) => ({ kind: 'identifier' as const, name, quoted: true, ...at })),
);
const attribute = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((path) => ({ kind: 'attribute' as const, path, ...at }));

const literal: fc.Arbitrary<LiteralNode> = fc.oneof(
  bareValueText.map((value) => ({ kind: 'literal' as const, value, quoted: false, ...at })),
  nastyString.map((value) => ({ kind: 'literal' as const, value, quoted: true, ...at })),
);
const durationArg = fc
  .array(fc.stringMatching(/^-?[0-9]{1,3}[dhmw]$/), { minLength: 2, maxLength: 3 })
  .map((parts) => ({ kind: 'literal' as const, value: parts.join(' '), quoted: false, ...at }));
const functionName = bareWord.filter(
  (n) =>
    !['inr', 'outr', 'inboundreferences', 'outboundreferences', 'connectedtickets'].includes(n.toLowerCase()),
);
const valueFunction: fc.Arbitrary<FunctionNode> = fc
  .tuple(functionName, fc.array(fc.oneof(literal, durationArg), { maxLength: 3 }))
  .map(([name, args]) => ({ kind: 'function' as const, name, args, ...at }));
const value: fc.Arbitrary<ValueNode> = fc.oneof(
  { weight: 4, arbitrary: literal },
  { weight: 1, arbitrary: valueFunction },
);

const operator = fc.constantFrom<ComparisonOperator>(
  '=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'like',
  'not like',
  'startswith',
  'endswith',
);
const jql = fc.constantFrom(
  'project = HD',
  'status = "In (Progress)" AND (a = b)',
  'assignee in (currentUser())',
);

const { expression } = fc.letrec<{ expression: ExpressionNode }>((tie) => {
  const sub = tie('expression');
  const clause: fc.Arbitrary<ExpressionNode> = fc.oneof(
    fc.record({ attribute, operator, value }).map((r) => ({ kind: 'comparison' as const, ...r, ...at })),
    fc
      .record({
        attribute,
        negated: fc.boolean(),
        values: fc.oneof(
          fc
            .array(value, { minLength: 1, maxLength: 4 })
            .map((items) => ({ kind: 'list' as const, items, ...at })),
          valueFunction,
        ),
      })
      .map((r) => ({ kind: 'in' as const, ...r, ...at })),
    fc.record({ attribute, negated: fc.boolean() }).map((r) => ({ kind: 'empty' as const, ...r, ...at })),
    fc
      .record({
        attribute,
        negated: fc.boolean(),
        function: fc.oneof(
          fc
            .record({
              name: fc.constantFrom('inR', 'outR', 'inboundReferences', 'outboundReferences'),
              query: fc.option(sub, { nil: null }),
              filter: fc.option(sub, { nil: null }),
            })
            .map(({ name, query, filter }) => ({
              kind: 'referenceFunction' as const,
              name,
              direction: name.startsWith('in') ? ('inbound' as const) : ('outbound' as const),
              query,
              referenceFilter: query ? filter : null,
              ...at,
            })),
          jql.map((text) => ({
            kind: 'connectedTickets' as const,
            name: 'connectedTickets',
            jql: text,
            ...at,
          })),
          valueFunction,
        ),
      })
      .map((r) => ({ kind: 'having' as const, ...r, ...at })),
  );
  return {
    expression: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'expr' },
      { weight: 3, arbitrary: clause },
      fc.record({ left: sub, right: sub }).map((r) => ({ kind: 'and' as const, ...r, ...at })),
      fc.record({ left: sub, right: sub }).map((r) => ({ kind: 'or' as const, ...r, ...at })),
      sub.map((operand) => ({ kind: 'not' as const, operand, ...at })),
    ),
  };
});

const query: fc.Arbitrary<QueryNode> = fc
  .record({
    where: expression,
    orderBy: fc.option(
      fc
        .record({ attribute, direction: fc.constantFrom<'asc' | 'desc' | null>('asc', 'desc', null) })
        .map((r) => ({ kind: 'orderBy' as const, ...r, ...at })),
      { nil: null },
    ),
  })
  .map((r) => ({ kind: 'query' as const, ...r, ...at }));

describe('format/parse round trip', () => {
  it('property: parseAql(formatAql(ast)) equals ast modulo positions', () => {
    fc.assert(
      fc.property(query, (ast) => {
        const text = formatAql(ast);
        expect(stripPositions(parseAql(text))).toEqual(stripPositions(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('property: parse(format(parse(q))) equals parse(q), and formatting is idempotent', () => {
    fc.assert(
      fc.property(query, fc.constantFrom(' ', '  ', '\n', '\t '), fc.boolean(), (ast, space, lower) => {
        // Re-space and re-case the canonical text token by token (never inside quotes), so the
        // parser sees a non-canonical query with the same meaning.
        let messy = '';
        let previousEnd = -1;
        for (const token of tokenize(formatAql(ast), { placeholders: false })) {
          if (token.kind === 'eof') break;
          if (previousEnd !== -1 && token.start !== previousEnd) messy += space;
          const keyword = token.kind === 'word' && KEYWORDS.includes(token.text.toLowerCase());
          messy += keyword ? (lower ? token.text.toLowerCase() : capitalise(token.text)) : token.text;
          previousEnd = token.end;
        }
        const first = parseAql(messy);
        expect(stripPositions(parseAql(formatAql(first)))).toEqual(stripPositions(first));
        expect(formatAql(first)).toBe(formatAql(parseAql(formatAql(first))));
      }),
      { numRuns: 300 },
    );
  });
});
