/**
 * AQL syntax tree. Every node carries `start`/`end` (0-based UTF-16 offsets into the parsed text,
 * `end` exclusive) so validators can point at the offending part of an admin-entered query.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One segment of an attribute reference; `name` is decoded when `quoted`. */
export interface IdentifierNode extends Span {
  readonly kind: 'identifier';
  readonly name: string;
  readonly quoted: boolean;
}

/**
 * `Name`, `"Serial number"`, `"Owner".Email`. Built-ins (`objectType`, `objectTypeId`,
 * `objectSchema`, `objectSchemaId`, `objectId`, `Key`, `Label`, `Created`, `Updated`, `object`)
 * are plain attribute names here: matching them is the evaluator's job (case-insensitively).
 */
export interface AttributeNode extends Span {
  readonly kind: 'attribute';
  /** Non-empty; more than one segment means dot notation through references. */
  readonly path: readonly IdentifierNode[];
}

/** `Laptop`, `123`, `10.0.0.1` (bare) or `"15\" Screen"` (quoted); `value` is always decoded. */
export interface LiteralNode extends Span {
  readonly kind: 'literal';
  readonly value: string;
  readonly quoted: boolean;
}

/** `${issue.key}`; only produced with `{ placeholders: true }`. */
export interface PlaceholderNode extends Span {
  readonly kind: 'placeholder';
  readonly name: string;
}

/**
 * A function in value position: `currentUser()`, `now(-2h 15m)`, `user("a", "b")`,
 * `objectTypeAndChildren(12)`. Space-separated bare words in one argument (`-2h 15m`) form a
 * single bare literal joined by one space.
 */
export interface FunctionNode extends Span {
  readonly kind: 'function';
  readonly name: string;
  readonly args: readonly ValueNode[];
}

export type ValueNode = LiteralNode | PlaceholderNode | FunctionNode;

/** `("a", "b")` after IN / NOT IN. */
export interface ListNode extends Span {
  readonly kind: 'list';
  /** Non-empty. */
  readonly items: readonly ValueNode[];
}

export type ComparisonOperator =
  | '='
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'like'
  | 'not like'
  | 'startswith'
  | 'endswith';

export interface ComparisonNode extends Span {
  readonly kind: 'comparison';
  readonly attribute: AttributeNode;
  /** Word operators are normalised to lower case. */
  readonly operator: ComparisonOperator;
  readonly value: ValueNode;
}

export interface InNode extends Span {
  readonly kind: 'in';
  readonly attribute: AttributeNode;
  readonly negated: boolean;
  /** A placeholder here stands for a whole list (`Key in ${keys}`). */
  readonly values: ListNode | FunctionNode | PlaceholderNode;
}

/** `X is EMPTY` / `X is not EMPTY`. */
export interface EmptyNode extends Span {
  readonly kind: 'empty';
  readonly attribute: AttributeNode;
  readonly negated: boolean;
}

/** `inboundReferences(...)` / `inR(...)` / `outboundReferences(...)` / `outR(...)`. */
export interface ReferenceFunctionNode extends Span {
  readonly kind: 'referenceFunction';
  /** As written (`inR`, `inboundReferences`, ...). */
  readonly name: string;
  readonly direction: 'inbound' | 'outbound';
  /** `null` for an empty argument, which matches all objects. */
  readonly query: ExpressionNode | null;
  /** Optional second argument, e.g. `refType IN ("Depends")`. */
  readonly referenceFilter: ExpressionNode | null;
}

/** `connectedTickets(<JQL>)`: the JQL is kept as raw text because it is not AQL. */
export interface ConnectedTicketsNode extends Span {
  readonly kind: 'connectedTickets';
  readonly name: string;
  readonly jql: string;
}

/** `object having inR(...)`, `"Owner" not having user("x")`. */
export interface HavingNode extends Span {
  readonly kind: 'having';
  readonly attribute: AttributeNode;
  readonly negated: boolean;
  readonly function: ReferenceFunctionNode | ConnectedTicketsNode | FunctionNode;
}

export interface AndNode extends Span {
  readonly kind: 'and';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface OrNode extends Span {
  readonly kind: 'or';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface NotNode extends Span {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

export type ClauseNode = ComparisonNode | InNode | EmptyNode | HavingNode;
export type ExpressionNode = ClauseNode | AndNode | OrNode | NotNode;

export interface OrderByNode extends Span {
  readonly kind: 'orderBy';
  readonly attribute: AttributeNode;
  /** `null` when not written (Assets then sorts ascending). */
  readonly direction: 'asc' | 'desc' | null;
}

/** Root node returned by `parseAql`. */
export interface QueryNode extends Span {
  readonly kind: 'query';
  /** `null` only for a query that is just `ORDER BY ...`. */
  readonly where: ExpressionNode | null;
  readonly orderBy: OrderByNode | null;
}

export type AqlNode =
  | QueryNode
  | ExpressionNode
  | OrderByNode
  | AttributeNode
  | IdentifierNode
  | ValueNode
  | ListNode
  | ReferenceFunctionNode
  | ConnectedTicketsNode;

/** Direct children of a node, in source order; lets callers walk the tree without a switch. */
export function childNodes(node: AqlNode): AqlNode[] {
  switch (node.kind) {
    case 'query':
      return [node.where, node.orderBy].filter((n): n is ExpressionNode | OrderByNode => n !== null);
    case 'and':
    case 'or':
      return [node.left, node.right];
    case 'not':
      return [node.operand];
    case 'comparison':
      return [node.attribute, node.value];
    case 'in':
      return [node.attribute, node.values];
    case 'empty':
      return [node.attribute];
    case 'having':
      return [node.attribute, node.function];
    case 'referenceFunction':
      return [node.query, node.referenceFilter].filter((n): n is ExpressionNode => n !== null);
    case 'orderBy':
      return [node.attribute];
    case 'attribute':
      return [...node.path];
    case 'function':
      return [...node.args];
    case 'list':
      return [...node.items];
    case 'connectedTickets':
    case 'identifier':
    case 'literal':
    case 'placeholder':
      return [];
  }
}

/** Depth-first, pre-order visit of `node` and all its descendants. */
export function walkAql(node: AqlNode, visit: (node: AqlNode, parent: AqlNode | null) => void): void {
  const stack: Array<[AqlNode, AqlNode | null]> = [[node, null]];
  while (stack.length > 0) {
    const entry = stack.pop();
    if (!entry) break;
    const [current, parent] = entry;
    visit(current, parent);
    const children = childNodes(current);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push([child, current]);
    }
  }
}
