import type {
  AttributeNode,
  ComparisonOperator,
  ConnectedTicketsNode,
  ExpressionNode,
  FunctionNode,
  HavingNode,
  IdentifierNode,
  ListNode,
  LiteralNode,
  OrderByNode,
  PlaceholderNode,
  QueryNode,
  ReferenceFunctionNode,
  ValueNode,
} from './ast';
import { AqlSyntaxError } from './errors';
import { type Token, tokenize } from './lexer';

export interface ParseAqlOptions {
  /**
   * Accept `${name}` in value positions (admin-entered templates). Off by default: in a REST call
   * Assets would treat `${x}` as literal text, so a live query must not contain one.
   */
  readonly placeholders?: boolean;
}

/** Words that cannot be bare attribute names or bare values (quote them instead). */
const RESERVED = new Set([
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
]);

export function isReservedWord(word: string): boolean {
  return RESERVED.has(word.toLowerCase());
}

const REFERENCE_FUNCTIONS: Record<string, 'inbound' | 'outbound'> = {
  inboundreferences: 'inbound',
  inr: 'inbound',
  outboundreferences: 'outbound',
  outr: 'outbound',
};

function referenceDirection(name: string): 'inbound' | 'outbound' | undefined {
  const lower = name.toLowerCase();
  return Object.hasOwn(REFERENCE_FUNCTIONS, lower) ? REFERENCE_FUNCTIONS[lower] : undefined;
}

/** Far beyond any real query; keeps recursion well inside the JS stack. */
const MAX_NESTING = 100;

const isConnectedTickets = (name: string): boolean => name.toLowerCase() === 'connectedtickets';

/** Parses AQL into an AST; throws `AqlSyntaxError` with the offset of the first problem. */
export function parseAql(query: string, options: ParseAqlOptions = {}): QueryNode {
  return new Parser(query, options).parseQuery();
}

function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of query';
  const text = token.text.length > 30 ? `${token.text.slice(0, 30)}…` : token.text;
  return `"${text}"`;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    options: ParseAqlOptions,
  ) {
    this.tokens = tokenize(source, { placeholders: options.placeholders === true });
  }

  private peek(offset = 0): Token {
    const token = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
    if (!token) throw new AqlSyntaxError('Internal error: no tokens', 0, this.source);
    return token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  /** Bounds recursion so hostile input gets an AqlSyntaxError rather than a stack overflow. */
  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_NESTING) {
      this.fail(`Query nests parentheses, NOT or functions more than ${MAX_NESTING} levels deep`, token);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new AqlSyntaxError(message, token.start, this.source);
  }

  private failFound(expected: string, token: Token = this.peek()): never {
    if (token.kind === 'placeholder') {
      this.fail(
        `Placeholder ${token.text} is not allowed here: placeholders may only stand for a value`,
        token,
      );
    }
    this.fail(`${expected} but found ${describe(token)}`, token);
  }

  parseQuery(): QueryNode {
    const first = this.peek();
    let where: ExpressionNode | null = null;
    if (!this.isKeyword('order')) {
      where = this.parseOr();
    }
    let orderBy: OrderByNode | null = null;
    if (this.isKeyword('order')) {
      orderBy = this.parseOrderBy();
    }
    const last = this.peek();
    if (last.kind !== 'eof') {
      this.failFound(
        orderBy ? 'Expected end of query after ORDER BY' : 'Expected AND, OR, ORDER BY or end of query',
      );
    }
    return {
      kind: 'query',
      where,
      orderBy,
      start: first.kind === 'eof' ? 0 : first.start,
      end: (orderBy ?? where)?.end ?? 0,
    };
  }

  private parseOrderBy(): OrderByNode {
    const order = this.advance();
    if (!this.isKeyword('by')) this.failFound('Expected BY after "ORDER"');
    this.advance();
    const attribute = this.parseAttribute('after "ORDER BY"');
    let direction: 'asc' | 'desc' | null = null;
    let end = attribute.end;
    if (this.isKeyword('asc') || this.isKeyword('desc')) {
      const token = this.advance();
      direction = token.text.toLowerCase() === 'asc' ? 'asc' : 'desc';
      end = token.end;
    }
    return { kind: 'orderBy', attribute, direction, start: order.start, end };
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      const op = this.advance();
      const right = this.parseAnd(op);
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(after?: Token): ExpressionNode {
    let left = this.parseNot(after);
    while (this.isKeyword('and')) {
      const op = this.advance();
      const right = this.parseNot(op);
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(after?: Token): ExpressionNode {
    if (this.isKeyword('not')) {
      const op = this.advance();
      const operand = this.nested(op, () => this.parseNot(op));
      return { kind: 'not', operand, start: op.start, end: operand.end };
    }
    return this.parsePrimary(after);
  }

  private parsePrimary(after?: Token): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.advance();
      const inner = this.nested(token, () => this.parseOr());
      const close = this.peek();
      if (close.kind !== 'rparen') {
        this.failFound(`Expected ")" to close the "(" at position ${token.start}`, close);
      }
      this.advance();
      return inner;
    }
    if (token.kind !== 'word' && token.kind !== 'string') {
      const where = after ? ` after "${after.text.toUpperCase()}"` : '';
      this.failFound(`Expected a clause${where}`, token);
    }
    return this.parseClause();
  }

  private parseClause(): ExpressionNode {
    const attribute = this.parseAttribute();
    const attrText = this.source.slice(attribute.start, attribute.end);
    const token = this.peek();
    const lower = token.kind === 'word' ? token.text.toLowerCase() : '';

    if (token.kind === 'op') {
      this.advance();
      const value = this.parseValue(`after "${token.text}"`);
      return this.comparison(attribute, token.text as ComparisonOperator, value);
    }
    if (lower === 'like' || lower === 'startswith' || lower === 'endswith') {
      this.advance();
      const value = this.parseValue(`after "${token.text}"`);
      return this.comparison(attribute, lower, value);
    }
    if (lower === 'in') {
      this.advance();
      return this.parseInRest(attribute, false, token);
    }
    if (lower === 'having') {
      this.advance();
      return this.parseHavingRest(attribute, false, token);
    }
    if (lower === 'not') {
      this.advance();
      const next = this.peek();
      const nextLower = next.kind === 'word' ? next.text.toLowerCase() : '';
      if (nextLower === 'in') {
        this.advance();
        return this.parseInRest(attribute, true, next);
      }
      if (nextLower === 'like') {
        this.advance();
        const value = this.parseValue('after "not like"');
        return this.comparison(attribute, 'not like', value);
      }
      if (nextLower === 'having') {
        this.advance();
        return this.parseHavingRest(attribute, true, next);
      }
      this.failFound('Expected IN, LIKE or HAVING after "NOT"', next);
    }
    if (lower === 'is') {
      this.advance();
      let negated = false;
      if (this.isKeyword('not')) {
        this.advance();
        negated = true;
      }
      const empty = this.peek();
      if (!this.isKeyword('empty')) {
        this.failFound(`Expected EMPTY after "IS${negated ? ' NOT' : ''}"`, empty);
      }
      this.advance();
      return { kind: 'empty', attribute, negated, start: attribute.start, end: empty.end };
    }
    this.failFound(`Expected an operator after attribute ${attrText}`, token);
  }

  private comparison(
    attribute: AttributeNode,
    operator: ComparisonOperator,
    value: ValueNode,
  ): ExpressionNode {
    return { kind: 'comparison', attribute, operator, value, start: attribute.start, end: value.end };
  }

  private parseInRest(attribute: AttributeNode, negated: boolean, keyword: Token): ExpressionNode {
    const token = this.peek();
    let values: ListNode | FunctionNode | PlaceholderNode;
    if (token.kind === 'lparen') {
      values = this.parseList();
    } else if (token.kind === 'placeholder') {
      this.advance();
      values = { kind: 'placeholder', name: token.value, start: token.start, end: token.end };
    } else if (token.kind === 'word' && this.peek(1).kind === 'lparen') {
      values = this.parseValueFunction();
    } else {
      this.failFound(`Expected "(" or a function after "${keyword.text}"`, token);
    }
    return { kind: 'in', attribute, negated, values, start: attribute.start, end: values.end };
  }

  private parseList(): ListNode {
    const open = this.advance();
    const items: ValueNode[] = [];
    for (;;) {
      items.push(this.parseValue(items.length === 0 ? 'in the list' : 'after ","'));
      const sep = this.peek();
      if (sep.kind === 'comma') {
        this.advance();
        continue;
      }
      if (sep.kind === 'rparen') {
        this.advance();
        return { kind: 'list', items, start: open.start, end: sep.end };
      }
      this.failFound('Expected "," or ")" in the list', sep);
    }
  }

  private parseHavingRest(attribute: AttributeNode, negated: boolean, keyword: Token): HavingNode {
    const name = this.peek();
    if (name.kind !== 'word' || this.peek(1).kind !== 'lparen') {
      this.failFound(`Expected a function after "${keyword.text}"`, name);
    }
    const direction = referenceDirection(name.text);
    let fn: HavingNode['function'];
    if (direction) {
      fn = this.nested(name, () => this.parseReferenceFunction(direction));
    } else if (isConnectedTickets(name.text)) {
      fn = this.parseConnectedTickets();
    } else {
      fn = this.parseValueFunction();
    }
    return { kind: 'having', attribute, negated, function: fn, start: attribute.start, end: fn.end };
  }

  private parseReferenceFunction(direction: 'inbound' | 'outbound'): ReferenceFunctionNode {
    const name = this.advance();
    this.advance();
    let query: ExpressionNode | null = null;
    let referenceFilter: ExpressionNode | null = null;
    if (this.peek().kind !== 'rparen') {
      query = this.parseOr();
      if (this.peek().kind === 'comma') {
        this.advance();
        referenceFilter = this.parseOr();
      }
    }
    const close = this.peek();
    if (close.kind !== 'rparen') this.failFound(`Expected "," or ")" to close ${name.text}(`, close);
    this.advance();
    return {
      kind: 'referenceFunction',
      name: name.text,
      direction,
      query,
      referenceFilter,
      start: name.start,
      end: close.end,
    };
  }

  /** JQL is another language; keep its text verbatim, only tracking parentheses to find the end. */
  private parseConnectedTickets(): ConnectedTicketsNode {
    const name = this.advance();
    const open = this.advance();
    let depth = 1;
    for (;;) {
      const token = this.advance();
      if (token.kind === 'eof') this.fail(`Expected ")" to close ${name.text}(`, token);
      if (token.kind === 'placeholder') {
        // JQL has its own escaping rules; a value quoted for AQL would not be safe there.
        this.fail('Placeholders are not supported inside connectedTickets() JQL', token);
      }
      if (token.kind === 'lparen') depth++;
      if (token.kind === 'rparen' && --depth === 0) {
        const jql = this.source.slice(open.end, token.start).trim();
        if (jql === '') this.fail(`${name.text}() needs a JQL argument`, token);
        return { kind: 'connectedTickets', name: name.text, jql, start: name.start, end: token.end };
      }
    }
  }

  private parseAttribute(context = ''): AttributeNode {
    const path: IdentifierNode[] = [this.parseIdentifier(context)];
    while (this.peek().kind === 'dot') {
      const dot = this.advance();
      path.push(this.parseIdentifier(`after "${dot.text}"`));
    }
    const first = path[0];
    const last = path[path.length - 1];
    return { kind: 'attribute', path, start: first?.start ?? 0, end: last?.end ?? 0 };
  }

  private parseIdentifier(context: string): IdentifierNode {
    const token = this.peek();
    const where = context ? ` ${context}` : '';
    if (token.kind === 'string') {
      this.advance();
      if (token.value === '') this.fail('Attribute name cannot be empty', token);
      return { kind: 'identifier', name: token.value, quoted: true, start: token.start, end: token.end };
    }
    if (token.kind === 'word') {
      if (isReservedWord(token.text)) {
        this.fail(`Expected an attribute name${where} but found keyword "${token.text}" (quote it)`, token);
      }
      this.advance();
      return { kind: 'identifier', name: token.text, quoted: false, start: token.start, end: token.end };
    }
    this.failFound(`Expected an attribute name${where}`, token);
  }

  private parseValue(context: string): ValueNode {
    const token = this.peek();
    if (token.kind === 'string') {
      this.advance();
      return { kind: 'literal', value: token.value, quoted: true, start: token.start, end: token.end };
    }
    if (token.kind === 'placeholder') {
      this.advance();
      return { kind: 'placeholder', name: token.value, start: token.start, end: token.end };
    }
    if (token.kind === 'word' && this.peek(1).kind === 'lparen') {
      return this.nested(token, () => this.parseValueFunction());
    }
    if (token.kind === 'word' || token.kind === 'dot') {
      return this.parseBareValue(context);
    }
    this.fail(`Expected a value ${context} but found ${describe(token)}`, token);
  }

  /** Adjacent words and dots form one bare value, so `10.0.0.1` and `Inc.` stay whole. */
  private parseBareValue(context: string): LiteralNode {
    const first = this.peek();
    if (first.kind === 'word' && isReservedWord(first.text)) {
      this.fail(`Expected a value ${context} but found keyword "${first.text}" (quote it)`, first);
    }
    let end = first.start;
    while ((this.peek().kind === 'word' || this.peek().kind === 'dot') && this.peek().start === end) {
      end = this.advance().end;
    }
    return {
      kind: 'literal',
      value: this.source.slice(first.start, end),
      quoted: false,
      start: first.start,
      end,
    };
  }

  private parseValueFunction(): FunctionNode {
    const name = this.advance();
    if (isReservedWord(name.text)) this.fail(`"${name.text}" is a keyword, not a function`, name);
    if (referenceDirection(name.text) || isConnectedTickets(name.text)) {
      this.fail(`${name.text}() can only be used after HAVING`, name);
    }
    this.advance();
    const args: ValueNode[] = [];
    let close = this.peek();
    if (close.kind !== 'rparen') {
      for (;;) {
        args.push(this.parseFunctionArgument(name, args.length));
        close = this.peek();
        if (close.kind === 'comma') {
          this.advance();
          continue;
        }
        if (close.kind === 'rparen') break;
        this.failFound(`Expected "," or ")" in ${name.text}(`, close);
      }
    }
    this.advance();
    return { kind: 'function', name: name.text, args, start: name.start, end: close.end };
  }

  /** Date offsets such as `now(-2h 15m)` are several bare words in one argument. */
  private parseFunctionArgument(name: Token, index: number): ValueNode {
    const value = this.parseValue(index === 0 ? `in ${name.text}(` : `after "," in ${name.text}(`);
    if (value.kind !== 'literal' || value.quoted) return value;
    const parts = [value.value];
    let end = value.end;
    while (this.peek().kind === 'word' || this.peek().kind === 'dot') {
      if (this.peek(1).kind === 'lparen') break;
      const next = this.parseBareValue(`in ${name.text}(`);
      parts.push(next.value);
      end = next.end;
    }
    return { kind: 'literal', value: parts.join(' '), quoted: false, start: value.start, end };
  }
}
