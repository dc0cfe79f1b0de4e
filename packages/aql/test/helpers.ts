import * as fc from 'fast-check';
import { type ExpressionNode, parseAql, type QueryNode } from '../src/index';

/** Deep copy without `start`/`end`, for comparing trees "modulo positions". */
export function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (key !== 'start' && key !== 'end') out[key] = stripPositions(v);
    }
    return out;
  }
  return value;
}

/** Parses and returns the WHERE expression, failing the test if there is none. */
export function where(query: string, placeholders = false): ExpressionNode {
  const ast: QueryNode = parseAql(query, { placeholders });
  if (!ast.where) throw new Error(`no WHERE in ${query}`);
  return ast.where;
}

/** Characters that matter to the AQL lexer, mixed into generated strings. */
const NASTY = [
  '"',
  '\\',
  ' ',
  '(',
  ')',
  ',',
  '=',
  '!',
  '<',
  '>',
  '.',
  '${',
  '}',
  '“',
  '”',
  "'",
  'AND',
  'OR',
  'NOT',
  ' in ',
  'order by',
  'is empty',
  '\\"',
  '") OR ("',
];

/** Printable strings (any grapheme, full Unicode) biased towards AQL syntax characters. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 1 })) }),
  fc.string({ unit: fc.constantFrom(...NASTY) }),
);

/** One control character: C0, DEL or C1. */
export const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f }))
  .map((code) => String.fromCharCode(code));

/** One unpaired UTF-16 surrogate. */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));
