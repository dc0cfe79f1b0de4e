export type {
  AndNode,
  AqlNode,
  AttributeNode,
  ClauseNode,
  ComparisonNode,
  ComparisonOperator,
  ConnectedTicketsNode,
  EmptyNode,
  ExpressionNode,
  FunctionNode,
  HavingNode,
  IdentifierNode,
  InNode,
  ListNode,
  LiteralNode,
  NotNode,
  OrderByNode,
  OrNode,
  PlaceholderNode,
  QueryNode,
  ReferenceFunctionNode,
  Span,
  ValueNode,
} from './ast';
export { childNodes, walkAql } from './ast';
export { AqlError, AqlSyntaxError } from './errors';
export { formatAql } from './format';
export { type ParseAqlOptions, parseAql } from './parser';
export { type AqlScalar, formatAqlDate, quoteAqlValue } from './quote';
export {
  type AqlAttribute,
  type AqlFragment,
  type AqlId,
  type AqlInterpolation,
  type AqlQuery,
  type AqlRaw,
  type AqlTemplateValue,
  aql,
  aqlAttribute,
  aqlId,
  aqlRaw,
  aqlTemplatePlaceholders,
  isAqlFragment,
  type LiteralString,
  renderAqlTemplate,
} from './template';
