import { type AqlNode, walkAql } from './ast';
import { AqlError } from './errors';
import { isBareWord } from './format';
import { tokenize } from './lexer';
import { parseAql } from './parser';
import { type AqlScalar, quoteAqlString, quoteAqlValue } from './quote';

type FragmentKind = 'query' | 'attribute' | 'raw' | 'id';

/** Proves a fragment was made by this module; outside code cannot obtain it. */
const CONSTRUCT = Symbol('AqlFragment');

/**
 * AQL text that this package vouches for: built by `aql`, `aqlAttribute` or `aqlRaw`. Only these
 * are spliced into an `aql` template unquoted. The `#text` private field doubles as an
 * unforgeable runtime brand (`#text in x`), so a look-alike object is rejected, not trusted.
 */
export class AqlFragment<K extends FragmentKind = FragmentKind> {
  readonly #text: string;
  readonly kind: K;

  constructor(token: typeof CONSTRUCT, kind: K, text: string) {
    if (token !== CONSTRUCT) throw new AqlError('AQL fragments can only be created by @suite/aql');
    this.kind = kind;
    this.#text = text;
    Object.freeze(this);
  }

  /** The AQL text. */
  get text(): string {
    return this.#text;
  }

  toString(): string {
    return this.#text;
  }

  /** So `JSON.stringify({ qlQuery: q })` sends the text. */
  toJSON(): string {
    return this.#text;
  }

  static isFragment(value: unknown): value is AqlFragment {
    return typeof value === 'object' && value !== null && #text in value;
  }
}

/** Result of the `aql` tag (and `renderAqlTemplate`); `String(q)` is the query text. */
export type AqlQuery = AqlFragment<'query'>;
/** Result of `aqlAttribute`. */
export type AqlAttribute = AqlFragment<'attribute'>;
/** Result of `aqlRaw`. */
export type AqlRaw = AqlFragment<'raw'>;
/** Result of `aqlId`. */
export type AqlId = AqlFragment<'id'>;

/**
 * A numeric Assets id (`objectTypeId`, `objectSchemaId`, `objectId`) written bare, as Atlassian's examples do
 * (`objectTypeId = 12`). Only plain digits are accepted, so nothing but a number can reach the query.
 */
export function aqlId(id: number | string): AqlId {
  const text = typeof id === 'number' ? (Number.isSafeInteger(id) && id >= 0 ? String(id) : '') : id;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) {
    throw new AqlError('An Assets id must be a non-negative whole number');
  }
  return new AqlFragment(CONSTRUCT, 'id', text);
}

/** What may appear in `${...}` of the `aql` tag. */
export type AqlInterpolation = AqlScalar | AqlFragment | readonly (AqlScalar | AqlFragment)[];

function renderOne(value: AqlScalar | AqlFragment): string {
  return AqlFragment.isFragment(value) ? value.text : quoteAqlValue(value);
}

function renderList(values: readonly (AqlScalar | AqlFragment)[]): string {
  // `Key in ()` is not valid AQL, and silently dropping the clause would widen the search.
  if (values.length === 0) throw new AqlError('Cannot interpolate an empty array into AQL (IN list)');
  return `(${values.map(renderOne).join(', ')})`;
}

/**
 * Tagged template that builds AQL: every interpolation is quoted with `quoteAqlValue`, arrays
 * become `("a", "b")`, and only fragments from `aql` / `aqlAttribute` / `aqlRaw` go in unquoted.
 *
 * A nested `aql` fragment is inserted as written; put parentheses around it in the template if it
 * contains OR and the outer query uses AND.
 */
export function aql(strings: TemplateStringsArray, ...values: readonly AqlInterpolation[]): AqlQuery {
  // Guards against `aql([userText])` from untyped code: only a real template has `raw`.
  if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
    throw new AqlError('aql must be used as a tagged template: aql`...`');
  }
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += Array.isArray(value) ? renderList(value) : renderOne(value as AqlScalar | AqlFragment);
    text += strings[i + 1] ?? '';
  });
  return new AqlFragment(CONSTRUCT, 'query', text);
}

const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An attribute name (or a reference path like `['Owner', 'Email']`): bare when it is a simple
 * identifier that is not a keyword, otherwise double-quoted with the value escaping rule.
 * Prefer whitelisting names against the object type's attributes before calling this.
 */
export function aqlAttribute(name: string | readonly string[]): AqlAttribute {
  const path = typeof name === 'string' ? [name] : name;
  if (path.length === 0) throw new AqlError('Attribute path cannot be empty');
  const text = path
    .map((segment) => {
      const input: unknown = segment;
      if (typeof input !== 'string') throw new AqlError('Attribute name must be a string');
      if (input.trim() === '') throw new AqlError('Attribute name cannot be empty');
      return SIMPLE_IDENTIFIER.test(input) && isBareWord(input)
        ? input
        : quoteAqlString(input, 'AQL attribute name');
    })
    .join('.');
  return new AqlFragment(CONSTRUCT, 'attribute', text);
}

/** Accepts only string literal types: `{}` is assignable to `Record<T, 1>` when T is `string` or a pattern. */
export type LiteralString<T extends string> = Record<never, never> extends Record<T, 1> ? never : T;

/**
 * AQL written by the code itself (e.g. `aqlRaw('ORDER BY Key ASC')`). The parameter type only accepts
 * string literals, so a `string` variable or a template with holes is a compile error. At runtime
 * the fragment must also tokenize cleanly with balanced parentheses, so it cannot leave a quote or
 * parenthesis open for the rest of the query.
 */
export function aqlRaw<T extends string>(fragment: LiteralString<T>): AqlRaw {
  const input: unknown = fragment;
  if (typeof input !== 'string') throw new AqlError('aqlRaw needs a string literal');
  let depth = 0;
  for (const token of tokenize(input, { placeholders: false })) {
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen' && --depth < 0) break;
  }
  if (depth !== 0) throw new AqlError('aqlRaw fragment has unbalanced parentheses');
  return new AqlFragment(CONSTRUCT, 'raw', input);
}

/** A value for `renderAqlTemplate`; arrays are only accepted for `IN ${name}`. */
export type AqlTemplateValue = AqlScalar | readonly AqlScalar[];

interface PlaceholderUse {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** `Key in ${keys}`: the placeholder stands for a whole list. */
  readonly list: boolean;
}

function placeholderUses(template: string): PlaceholderUse[] {
  const ast = parseAql(template, { placeholders: true });
  const uses: PlaceholderUse[] = [];
  walkAql(ast, (node: AqlNode, parent: AqlNode | null) => {
    if (node.kind === 'placeholder') {
      const list = parent?.kind === 'in' && parent.values === node;
      uses.push({ name: node.name, start: node.start, end: node.end, list });
    }
  });
  return uses.sort((a, b) => a.start - b.start);
}

/**
 * Validates an admin-entered AQL template and returns its placeholder names (first-use order, no
 * duplicates). Throws `AqlSyntaxError` for bad AQL, or a placeholder outside a value position.
 */
export function aqlTemplatePlaceholders(template: string): string[] {
  return [...new Set(placeholderUses(template).map((use) => use.name))];
}

/**
 * Fills `${name}` placeholders of a template with quoted values (`quoteAqlValue`). The template
 * text around them is kept verbatim (it is trusted admin configuration, validated by parsing).
 */
export function renderAqlTemplate(
  template: string,
  values: Readonly<Record<string, AqlTemplateValue | undefined>>,
): AqlQuery {
  let text = '';
  let cursor = 0;
  for (const use of placeholderUses(template)) {
    // hasOwn: `${constructor}` must not resolve to Object.prototype.constructor.
    const value = Object.hasOwn(values, use.name) ? values[use.name] : undefined;
    if (value === undefined) throw new AqlError(`No value for AQL placeholder \${${use.name}}`);
    let rendered: string;
    if (Array.isArray(value)) {
      if (!use.list) {
        throw new AqlError(`Placeholder \${${use.name}} is not an IN list, so its value cannot be an array`);
      }
      if (value.length === 0) throw new AqlError(`Placeholder \${${use.name}} has an empty list`);
      rendered = `(${value.map((v: AqlScalar) => quoteAqlValue(v)).join(', ')})`;
    } else {
      const quoted = quoteAqlValue(value as AqlScalar);
      rendered = use.list ? `(${quoted})` : quoted;
    }
    text += template.slice(cursor, use.start) + rendered;
    cursor = use.end;
  }
  text += template.slice(cursor);
  // Defence in depth: the result must still be valid AQL without placeholders.
  parseAql(text);
  return new AqlFragment(CONSTRUCT, 'query', text);
}

/** True for values made by `aql`, `aqlAttribute`, `aqlRaw` or `renderAqlTemplate`. */
export function isAqlFragment(value: unknown): value is AqlFragment {
  return AqlFragment.isFragment(value);
}
