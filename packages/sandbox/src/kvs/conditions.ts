import { fail } from './errors';
import { KVS_LIMITS } from './limits';

/**
 * Condition clauses as `@forge/kvs` sends them (`conditions.js`): `{ condition, values }`, with `property` added in
 * filters (`entity-query.js`) and transaction conditions (`transaction-request-builder.js`).
 */
export interface Clause {
  condition: string;
  values: unknown[];
}
export interface FilterClause extends Clause {
  property: string;
}
export interface FilterGroup {
  and?: FilterClause[];
  or?: FilterClause[];
}

/** Conditions allowed as an entity query's `where` (range) — `EntityWhereClauses` in the client's types. */
export const RANGE_CONDITIONS = new Set([
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
]);

/** Conditions allowed in filters and transaction conditions — `EntityFilterClauses`. */
export const FILTER_CONDITIONS = new Set([
  ...RANGE_CONDITIONS,
  'CONTAINS',
  'NOT_CONTAINS',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseClause(raw: unknown, allowed: ReadonlySet<string>, withProperty: false): Clause;
export function parseClause(raw: unknown, allowed: ReadonlySet<string>, withProperty: true): FilterClause;
export function parseClause(
  raw: unknown,
  allowed: ReadonlySet<string>,
  withProperty: boolean,
): Clause | FilterClause {
  if (!isRecord(raw) || typeof raw.condition !== 'string' || !Array.isArray(raw.values)) {
    fail('BAD_REQUEST', 'Provided request body is invalid: a condition needs "condition" and "values"');
  }
  if (withProperty && typeof raw.property !== 'string') {
    fail('BAD_REQUEST', 'Provided request body is invalid: a filter condition needs "property"');
  }
  const { condition, values } = raw;
  if (!allowed.has(condition))
    fail('INVALID_FILTER_CONDITION', `Condition ${condition} is not supported here`);
  const needed = condition === 'BETWEEN' ? 2 : 1;
  if (condition === 'BETWEEN' && values.length < 2) {
    fail('INSUFFICIENT_FILTER_VALUES', 'The BETWEEN condition needs at least two values');
  }
  if (values.length !== needed) {
    fail('INVALID_FILTER_VALUES', `Condition ${condition} takes ${needed} value(s), got ${values.length}`);
  }
  for (const v of values) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      fail('INVALID_FILTER_VALUES', `Condition ${condition} values must be strings, numbers or booleans`);
    }
  }
  return withProperty ? { condition, values, property: raw.property as string } : { condition, values };
}

/** Parses `{ and: [...] }` / `{ or: [...] }` (exactly one operator, non-empty). */
export function parseFilterGroup(raw: unknown): FilterGroup {
  if (!isRecord(raw)) fail('BAD_REQUEST', 'Provided request body is invalid: filters must be an object');
  const hasAnd = raw.and !== undefined;
  const hasOr = raw.or !== undefined;
  if (hasAnd && hasOr) {
    fail(
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level',
    );
  }
  if (!hasAnd && !hasOr) fail('EMPTY_FILTER_OPERATOR', 'Filter operators "and" and "or" cannot be empty');
  const op = hasAnd ? 'and' : 'or';
  const list = raw[op];
  if (!Array.isArray(list) || list.length === 0) {
    fail('EMPTY_FILTER_OPERATOR', 'Filter operators "and" and "or" cannot be empty');
  }
  if (list.length > KVS_LIMITS.maxQueryConditions) {
    fail('BAD_REQUEST', `A query may contain at most ${KVS_LIMITS.maxQueryConditions} conditions`);
  }
  const clauses = list.map((c) => parseClause(c, FILTER_CONDITIONS, true));
  return op === 'and' ? { and: clauses } : { or: clauses };
}

type Scalar = string | number | boolean;

function comparable(a: unknown, b: unknown): a is Scalar {
  return (typeof a === 'string' || typeof a === 'number') && typeof a === typeof b;
}

/** Total order used for sorting index values: numbers < strings < booleans, then natural order within a type. */
export function compareScalars(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : 3;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** Whether one attribute value satisfies a clause. A missing attribute satisfies only NOT_EXISTS. */
export function matchesClause(actual: unknown, clause: Clause): boolean {
  const [v0, v1] = clause.values;
  const present = actual !== undefined && actual !== null;
  switch (clause.condition) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'EQUAL_TO':
      return present && actual === v0;
    case 'NOT_EQUAL_TO':
      return present && actual !== v0;
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(v0));
    case 'CONTAINS':
      if (typeof actual === 'string') return actual.includes(String(v0));
      return Array.isArray(actual) && actual.includes(v0);
    case 'NOT_CONTAINS':
      if (typeof actual === 'string') return !actual.includes(String(v0));
      return Array.isArray(actual) && !actual.includes(v0);
    case 'GREATER_THAN':
      return comparable(actual, v0) && compareScalars(actual, v0) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return comparable(actual, v0) && compareScalars(actual, v0) >= 0;
    case 'LESS_THAN':
      return comparable(actual, v0) && compareScalars(actual, v0) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return comparable(actual, v0) && compareScalars(actual, v0) <= 0;
    case 'BETWEEN':
      return (
        comparable(actual, v0) &&
        comparable(actual, v1) &&
        compareScalars(actual, v0) >= 0 &&
        compareScalars(actual, v1) <= 0
      );
    default:
      return false;
  }
}

/** Evaluates a filter group against an entity value (`undefined` when the item does not exist). */
export function matchesGroup(value: unknown, group: FilterGroup): boolean {
  const attrs = isRecord(value) ? value : {};
  const test = (c: FilterClause) => matchesClause(attrs[c.property], c);
  if (group.and) return group.and.every(test);
  if (group.or) return group.or.some(test);
  return true;
}
