import type { AqlNode, AttributeNode, ExpressionNode, IdentifierNode, ValueNode } from './ast';
import { AqlError } from './errors';
import { isWordChar } from './lexer';
import { isReservedWord } from './parser';
import { quoteAqlString } from './quote';

/**
 * Prints a node back as canonical AQL: upper-case keywords, single spaces, parentheses only where
 * the tree needs them. Quoted literals/names are re-escaped; a bare literal that would not re-parse
 * as the same bare value (e.g. built by hand with a space) is quoted instead, so the output never
 * has a different structure from the tree. `parseAql(formatAql(ast))` equals `ast` modulo positions.
 */
export function formatAql(node: AqlNode): string {
  switch (node.kind) {
    case 'query': {
      const parts: string[] = [];
      if (node.where) parts.push(formatAql(node.where));
      if (node.orderBy) parts.push(formatAql(node.orderBy));
      return parts.join(' ');
    }
    case 'orderBy':
      return `ORDER BY ${formatAql(node.attribute)}${node.direction ? ` ${node.direction.toUpperCase()}` : ''}`;
    case 'or':
    case 'and': {
      const keyword = node.kind === 'or' ? 'OR' : 'AND';
      // Right operand of the same kind needs parentheses to keep the (left-associative) tree shape.
      const left = wrap(node.left, precedence(node.left) < precedence(node));
      const right = wrap(node.right, precedence(node.right) <= precedence(node));
      return `${left} ${keyword} ${right}`;
    }
    case 'not':
      return `NOT ${wrap(node.operand, node.operand.kind === 'and' || node.operand.kind === 'or')}`;
    case 'comparison': {
      const op = /^[a-z]/.test(node.operator) ? node.operator.toUpperCase() : node.operator;
      return `${formatAql(node.attribute)} ${op} ${formatAql(node.value)}`;
    }
    case 'in':
      return `${formatAql(node.attribute)} ${node.negated ? 'NOT IN' : 'IN'} ${formatAql(node.values)}`;
    case 'empty':
      return `${formatAql(node.attribute)} IS ${node.negated ? 'NOT EMPTY' : 'EMPTY'}`;
    case 'having':
      return `${formatAql(node.attribute)} ${node.negated ? 'NOT HAVING' : 'HAVING'} ${formatAql(node.function)}`;
    case 'referenceFunction': {
      const args: string[] = [];
      if (node.query) args.push(formatAql(node.query));
      if (node.referenceFilter) {
        if (!node.query) throw new AqlError(`${node.name}() cannot have a reference filter without a query`);
        args.push(formatAql(node.referenceFilter));
      }
      return `${functionName(node.name)}(${args.join(', ')})`;
    }
    case 'connectedTickets':
      return `${functionName(node.name)}(${node.jql})`;
    case 'function':
      return `${functionName(node.name)}(${node.args.map(formatArgument).join(', ')})`;
    case 'list':
      if (node.items.length === 0) throw new AqlError('An IN list cannot be empty');
      return `(${node.items.map(formatAql).join(', ')})`;
    case 'attribute':
      return formatAttribute(node);
    case 'identifier':
      return formatIdentifier(node);
    case 'literal':
      return node.quoted || !isBareValue(node.value) ? quoteAqlString(node.value) : node.value;
    case 'placeholder':
      return `\${${node.name}}`;
  }
}

function precedence(node: ExpressionNode): number {
  if (node.kind === 'or') return 1;
  if (node.kind === 'and') return 2;
  return 3;
}

function wrap(node: ExpressionNode, parens: boolean): string {
  const text = formatAql(node);
  return parens ? `(${text})` : text;
}

function formatAttribute(node: AttributeNode): string {
  if (node.path.length === 0) throw new AqlError('An attribute reference needs at least one name');
  return node.path.map(formatIdentifier).join('.');
}

function formatIdentifier(node: IdentifierNode): string {
  if (node.name === '') throw new AqlError('Attribute name cannot be empty');
  return !node.quoted && isBareWord(node.name) ? node.name : quoteAqlString(node.name, 'AQL attribute name');
}

function functionName(name: string): string {
  if (!isBareWord(name)) throw new AqlError(`Invalid AQL function name "${name}"`);
  return name;
}

/** Function arguments may hold several bare words (`now(-2h 15m)`). */
function formatArgument(node: ValueNode): string {
  if (node.kind === 'literal' && !node.quoted && node.value.split(' ').every(isBareValue)) {
    return node.value;
  }
  return formatAql(node);
}

/** Text the lexer reads back as exactly one word token. */
function isWordText(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    if (!isWordChar(text.charAt(i))) return false;
  }
  return true;
}

/** A bare name: one word that the parser does not take as a keyword. */
export function isBareWord(text: string): boolean {
  return isWordText(text) && !isReservedWord(text);
}

/** A bare value: adjacent words and dots (`10.0.0.1`, `Inc.`) that does not start with a keyword. */
function isBareValue(text: string): boolean {
  if (text === '') return false;
  const pieces = text.split('.');
  const first = pieces[0] ?? '';
  if (first !== '' && isReservedWord(first)) return false;
  return pieces.every((piece) => piece === '' || isWordText(piece));
}
