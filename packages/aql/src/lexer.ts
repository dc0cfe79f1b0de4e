import { AqlSyntaxError } from './errors';
import { findForbiddenChar, isControlCode } from './quote';

export type TokenKind =
  | 'word'
  | 'string'
  | 'op'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'dot'
  | 'placeholder'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token. */
  readonly text: string;
  /** Decoded string content, placeholder name, or `text` for other kinds. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface LexOptions {
  readonly placeholders: boolean;
}

/** Characters with their own meaning; everything else that is printable can be part of a bare word. */
const SPECIAL = new Set(['(', ')', ',', '"', '=', '!', '<', '>', '.', '\\']);

export function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** True if `ch` (one UTF-16 unit) may appear in a bare word. Dots are separate tokens. */
export function isWordChar(ch: string): boolean {
  return !isWhitespace(ch) && !SPECIAL.has(ch) && !isControlCode(ch.charCodeAt(0));
}

export function tokenize(source: string, options: LexOptions): Token[] {
  // Refuse invisible characters up front so that what an admin sees is what gets parsed.
  const bad = findForbiddenChar(source.replace(/[\t\n\r]/g, ' '));
  if (bad) throw new AqlSyntaxError(`Unexpected ${bad.reason}`, bad.index, source);

  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, value?: string): void => {
    const text = source.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  const startsPlaceholder = (at: number): boolean =>
    options.placeholders && source[at] === '$' && source[at + 1] === '{';

  while (i < source.length) {
    const ch = source.charAt(i);
    if (isWhitespace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.') {
      push(ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === ',' ? 'comma' : 'dot', i, i + 1);
      i++;
    } else if (ch === '=' || ch === '<' || ch === '>' || ch === '!') {
      const next = source.charAt(i + 1);
      if (ch === '!' && next !== '=') {
        throw new AqlSyntaxError('Unexpected "!" (did you mean "!="?)', i, source);
      }
      const len = next === '=' ? 2 : 1;
      push('op', i, i + len);
      i += len;
    } else if (ch === '"') {
      i = lexString(source, i, options, tokens);
    } else if (ch === '\\') {
      throw new AqlSyntaxError('Backslash escapes are only allowed inside double quotes', i, source);
    } else if (startsPlaceholder(i)) {
      const prev = tokens[tokens.length - 1];
      if (prev && prev.end === i && (prev.kind === 'word' || prev.kind === 'dot' || prev.kind === 'string')) {
        throw new AqlSyntaxError('A placeholder must be a whole value, not part of one', i, source);
      }
      i = lexPlaceholder(source, i, tokens);
      const after = source.charAt(i);
      if (i < source.length && (isWordChar(after) || after === '.' || after === '"')) {
        throw new AqlSyntaxError('A placeholder must be a whole value, not part of one', i, source);
      }
    } else {
      while (i < source.length && isWordChar(source.charAt(i))) {
        if (startsPlaceholder(i)) {
          throw new AqlSyntaxError('A placeholder must be a whole value, not part of one', i, source);
        }
        i++;
      }
      push('word', start, i);
    }
  }
  push('eof', source.length, source.length, '');
  return tokens;
}

function lexString(source: string, open: number, options: LexOptions, tokens: Token[]): number {
  let value = '';
  let i = open + 1;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '"') {
      tokens.push({ kind: 'string', text: source.slice(open, i + 1), value, start: open, end: i + 1 });
      return i + 1;
    }
    if (ch === '\\') {
      const next = source.charAt(i + 1);
      if (next === '"' || next === '\\') {
        value += next;
        i += 2;
        continue;
      }
      // Only \" and \\ are defined; guessing at others would make admin queries mean something else.
      throw new AqlSyntaxError(
        next === ''
          ? 'Unterminated escape in quoted value'
          : `Invalid escape "\\${next}" in quoted value (write \\\\ for a backslash)`,
        i,
        source,
      );
    }
    if (options.placeholders && ch === '$' && source.charAt(i + 1) === '{') {
      // A placeholder spliced inside quotes would bypass quoting; the renderer quotes values itself.
      throw new AqlSyntaxError(
        'Placeholders cannot appear inside a quoted value; write them unquoted, they are quoted when rendered',
        i,
        source,
      );
    }
    if (ch === '\n' || ch === '\r' || ch === '\t') {
      throw new AqlSyntaxError('Line breaks and tabs are not allowed inside a quoted value', i, source);
    }
    value += ch;
    i++;
  }
  throw new AqlSyntaxError('Unterminated quoted value starting', open, source);
}

/** `${name}`, where the name may itself nest `${...}` as in Jira's `${MyCustomField${0}}`. */
function lexPlaceholder(source: string, open: number, tokens: Token[]): number {
  let depth = 1;
  let i = open + 2;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '$' && source.charAt(i + 1) === '{') {
      depth++;
      i += 2;
      continue;
    }
    if (ch === '}') {
      depth--;
      i++;
      if (depth === 0) {
        const name = source.slice(open + 2, i - 1);
        if (name === '') throw new AqlSyntaxError('Empty placeholder name', open, source);
        tokens.push({ kind: 'placeholder', text: source.slice(open, i), value: name, start: open, end: i });
        return i;
      }
      continue;
    }
    if (ch === '{' || ch === '"' || ch === '\\' || isWhitespace(ch)) {
      throw new AqlSyntaxError(`Unexpected "${ch === '\n' ? '\\n' : ch}" in placeholder name`, i, source);
    }
    i++;
  }
  throw new AqlSyntaxError('Unterminated placeholder starting', open, source);
}
