/**
 * Evaluates AQL (parsed by `@suite/aql`, the same parser the apps' escaping is tested against) over an
 * `AssetsState`. A query is compiled once into closures, attribute names are resolved and validated up front (an
 * unknown name makes the whole query invalid: 400, as in Assets), and the compiled predicate is run over the
 * object columns, only over the object types the query can match when it pins `objectType`/`objectTypeId`/
 * `objectSchema`/`objectSchemaId`.
 *
 * Semantics follow the reference (§4): names, keywords and `=`/`like`/`startswith`/`endswith` are
 * case-insensitive, `==` is case-sensitive, `like` means "contains", values compare by attribute type (numbers
 * numerically, dates as instants), multi-value attributes match when any value matches, and the negative
 * operators (`!=`, `not like`, `not in`) need a value that is present and matches none.
 */
import {
  AqlSyntaxError,
  type AttributeNode,
  type ComparisonOperator,
  type ExpressionNode,
  type FunctionNode,
  type IdentifierNode,
  type InNode,
  parseAql,
  type QueryNode,
  type ReferenceFunctionNode,
  type ValueNode,
} from '@suite/aql';
import type { Principal } from '../types';
import {
  AssetsError,
  type AssetsState,
  ATTRIBUTE_TYPE,
  type AttributeDef,
  DEFAULT_TYPE,
  type StoredValue,
} from './model';

export interface AqlEvalContext {
  /** The caller; `currentUser()` is its account id (the app user under `asApp()`). */
  readonly principal: Principal;
  /** Clock for `now()` and friends; defaults to the state's clock. */
  readonly now?: Date;
  /** Only objects of these schemas are visible (the caller's readable schemas); all when omitted. */
  readonly schemaIds?: ReadonlySet<number>;
}

export interface AqlResult {
  /** Matching object slot indexes, in result order. */
  readonly indexes: readonly number[];
}

type Predicate = (index: number) => boolean;
type ValueTest = (value: StoredValue) => boolean;
type Domain =
  | 'text'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'user'
  | 'group'
  | 'status'
  | 'key'
  | 'objectType';

interface Field {
  readonly domain: Domain;
  get(index: number): readonly StoredValue[];
}

type LeafMode = 'any' | 'none' | 'empty' | 'notEmpty';
interface Leaf {
  readonly mode: LeafMode;
  /** Builds the positive value test for a field (unused for the emptiness modes). */
  readonly build?: (field: Field) => ValueTest;
}

type Operand =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'time'; readonly start: number; readonly end: number };

const KEYWORDS = new Set([
  'objecttype',
  'objecttypeid',
  'objectschema',
  'objectschemaid',
  'objectid',
  'key',
  'label',
  'created',
  'updated',
]);

const DAY = 86_400_000;

function invalid(message: string): AssetsError {
  return new AssetsError(400, message);
}

function domainOf(attribute: AttributeDef): Domain {
  if (attribute.systemRole === 'key') return 'key';
  if (attribute.systemRole === 'created' || attribute.systemRole === 'updated') return 'datetime';
  switch (attribute.type) {
    case ATTRIBUTE_TYPE.reference:
      return 'reference';
    case ATTRIBUTE_TYPE.user:
      return 'user';
    case ATTRIBUTE_TYPE.group:
      return 'group';
    case ATTRIBUTE_TYPE.status:
      return 'status';
    default:
      break;
  }
  switch (attribute.defaultTypeId) {
    case DEFAULT_TYPE.integer:
    case DEFAULT_TYPE.double:
      return 'number';
    case DEFAULT_TYPE.boolean:
      return 'boolean';
    case DEFAULT_TYPE.date:
      return 'date';
    case DEFAULT_TYPE.dateTime:
      return 'datetime';
    default:
      return 'text';
  }
}

// ------------------------------------------------------------------ dates

/** `-2h 15m`, `-1d`, `+1w`: the sign of the first part applies to unsigned later parts. */
function parseOffset(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  let sign = 1;
  let total = 0;
  let first = true;
  for (const part of trimmed.split(/\s+/)) {
    const m = /^([+-])?(\d+)([smhdwMy])$/.exec(part);
    if (!m) throw invalid(`Invalid date offset "${text}" (use e.g. -1d, 2h 15m)`);
    if (m[1]) sign = m[1] === '-' ? -1 : 1;
    else if (first) sign = 1;
    first = false;
    const n = Number(m[2]);
    const unit = m[3];
    const ms =
      unit === 's'
        ? 1000
        : unit === 'm'
          ? 60_000
          : unit === 'h'
            ? 3_600_000
            : unit === 'd'
              ? DAY
              : unit === 'w'
                ? 7 * DAY
                : unit === 'M'
                  ? 30 * DAY
                  : 365 * DAY;
    total += sign * n * ms;
  }
  return total;
}

function startOf(unit: 'day' | 'week' | 'month' | 'year', at: number): number {
  const d = new Date(at);
  switch (unit) {
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'week': {
      // Weeks start on Monday.
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return day - ((d.getUTCDay() + 6) % 7) * DAY;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function endOf(unit: 'day' | 'week' | 'month' | 'year', at: number): number {
  const start = startOf(unit, at);
  const d = new Date(start);
  switch (unit) {
    case 'day':
      return start + DAY - 1;
    case 'week':
      return start + 7 * DAY - 1;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1) - 1;
  }
}

/** A date literal as the interval it names: a day, a minute, a second, or an instant. */
function parseDateOperand(text: string, now: number): { start: number; end: number } {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) {
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return { start, end: start + DAY };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m) {
    const start = Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
    );
    return { start, end: start + (m[6] === undefined ? 60_000 : 1000) };
  }
  if (/^[+-]?\d+[smhdwMy](\s+[+-]?\d+[smhdwMy])*$/.test(t)) {
    const at = now + parseOffset(t);
    return { start: at, end: at + 1 };
  }
  const parsed = Date.parse(t);
  if (Number.isNaN(parsed))
    throw invalid(`"${text}" is not a valid date (use yyyy-MM-dd or yyyy-MM-dd HH:mm)`);
  return { start: parsed, end: parsed + 1 };
}

function storedTime(domain: Domain, value: StoredValue): number {
  if (typeof value === 'number') return value;
  return domain === 'date' ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
}

// ------------------------------------------------------------------ compiler

class Compiler {
  private readonly now: number;
  private readonly fieldCache = new Map<string, Field | null>();
  private readonly keywordFields = new Map<string, Field>();
  private readonly referenceAttrsCache = new Map<string, readonly AttributeDef[]>();

  constructor(
    private readonly state: AssetsState,
    private readonly ctx: AqlEvalContext,
  ) {
    this.now = (ctx.now ?? state.now()).getTime();
  }

  private get currentUserId(): string {
    const p = this.ctx.principal;
    return p.kind === 'user' ? p.accountId : p.kind === 'app' ? `app:${p.appKey}` : '';
  }

  // ---------------------------------------------------------------- names

  private keywordField(lower: string): Field | undefined {
    const cached = this.keywordFields.get(lower);
    if (cached) return cached;
    const s = this.state;
    let field: Field | undefined;
    switch (lower) {
      case 'objecttype':
        field = { domain: 'objectType', get: (i) => [s.typeOf(i)] };
        break;
      case 'objecttypeid':
        field = { domain: 'number', get: (i) => [s.typeOf(i)] };
        break;
      case 'objectschema':
        field = { domain: 'text', get: (i) => [s.schema(s.schemaOf(i))?.name ?? ''] };
        break;
      case 'objectschemaid':
        field = { domain: 'number', get: (i) => [s.schemaOf(i)] };
        break;
      case 'objectid':
        field = { domain: 'number', get: (i) => [s.objectId(i)] };
        break;
      case 'key':
        field = { domain: 'key', get: (i) => [s.key(i)] };
        break;
      case 'created':
        field = { domain: 'datetime', get: (i) => [s.createdAt(i)] };
        break;
      case 'updated':
        field = { domain: 'datetime', get: (i) => [s.updatedAt(i)] };
        break;
      default:
        return undefined;
    }
    this.keywordFields.set(lower, field);
    return field;
  }

  /** The field `name` denotes on objects of `typeId`, or undefined if that type lacks it. */
  private fieldFor(typeId: number, name: string): Field | undefined {
    const lower = name.toLowerCase();
    const cacheKey = `${typeId}\u0000${lower}`;
    const cached = this.fieldCache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let field: Field | undefined = lower === 'label' ? undefined : this.keywordField(lower);
    if (!field) {
      const attribute =
        lower === 'label' ? this.state.labelAttribute(typeId) : this.state.attributeByName(typeId, lower);
      if (attribute) {
        const state = this.state;
        field = { domain: domainOf(attribute), get: (i) => state.values(i, attribute) };
      } else if (lower === 'label') {
        field = this.keywordField('key');
      }
    }
    this.fieldCache.set(cacheKey, field ?? null);
    return field;
  }

  private validateName(identifier: IdentifierNode): void {
    const lower = identifier.name.toLowerCase();
    if (lower === 'object') {
      throw invalid(`"object" can only be used with HAVING (position ${identifier.start})`);
    }
    if (KEYWORDS.has(lower) || this.state.hasAttributeNamed(lower)) return;
    throw invalid(
      `AQL is not valid: there is no attribute named "${identifier.name}" in this workspace (position ${identifier.start})`,
    );
  }

  private isReferenceName(name: string): boolean {
    const lower = name.toLowerCase();
    return this.state.attributes.some(
      (a) => a.type === ATTRIBUTE_TYPE.reference && a.name.toLowerCase() === lower,
    );
  }

  // ---------------------------------------------------------------- values

  private operand(node: ValueNode): Operand {
    if (node.kind === 'literal') return { kind: 'text', text: node.value };
    if (node.kind === 'placeholder')
      throw invalid(`Placeholders are not expanded in REST calls: \${${node.name}}`);
    const fn = node.name.toLowerCase();
    const arg = (): string => {
      const first = node.args[0];
      if (!first) return '';
      if (first.kind !== 'literal') throw invalid(`${node.name}() takes a literal argument`);
      return first.value;
    };
    const at = (): number => this.now + parseOffset(arg());
    const point = (t: number): Operand => ({ kind: 'time', start: t, end: t + 1 });
    switch (fn) {
      case 'now':
        return point(at());
      case 'startofday':
        return point(startOf('day', at()));
      case 'endofday':
        return point(endOf('day', at()));
      case 'startofweek':
        return point(startOf('week', at()));
      case 'endofweek':
        return point(endOf('week', at()));
      case 'startofmonth':
        return point(startOf('month', at()));
      case 'endofmonth':
        return point(endOf('month', at()));
      case 'startofyear':
        return point(startOf('year', at()));
      case 'endofyear':
        return point(endOf('year', at()));
      case 'currentuser':
        return { kind: 'text', text: this.currentUserId };
      case 'currentreporter':
      case 'currentproject':
        throw invalid(`${node.name}() is only available in an issue context, not in the REST API`);
      default:
        throw invalid(`Unknown or misplaced AQL function ${node.name}()`);
    }
  }

  /** Items of an IN list or of a list-valued function (`user()`, `group()`, `objectTypeAndChildren()`). */
  private listOperands(values: InNode['values']): Operand[] {
    if (values.kind === 'list') return values.items.map((item) => this.operand(item));
    if (values.kind === 'placeholder')
      throw invalid(`Placeholders are not expanded in REST calls: \${${values.name}}`);
    return this.functionList(values);
  }

  private functionList(fn: FunctionNode): Operand[] {
    const name = fn.name.toLowerCase();
    const literals = () =>
      fn.args.map((a) => {
        if (a.kind !== 'literal') throw invalid(`${fn.name}() takes literal arguments`);
        return a.value;
      });
    switch (name) {
      case 'user':
      case 'group':
        return literals().map((text) => ({ kind: 'text', text }));
      case 'objecttypeandchildren': {
        const [target] = literals();
        if (target === undefined) throw invalid('objectTypeAndChildren() needs an object type');
        const lower = target.toLowerCase();
        const type = this.state.objectTypes.find(
          (t) => String(t.id) === target || t.name.toLowerCase() === lower,
        );
        if (!type) throw invalid(`Object type "${target}" does not exist`);
        return this.state.typeAndChildren(type.id).map((id) => ({ kind: 'text', text: String(id) }));
      }
      default:
        return [this.operand(fn)];
    }
  }

  // ---------------------------------------------------------------- value tests

  /** Positive test of one stored value against one operand. `op` is a positive operator. */
  private valueTest(field: Field, op: ComparisonOperator | 'in', operand: Operand): ValueTest {
    const s = this.state;
    const domain = field.domain;
    if (domain === 'date' || domain === 'datetime') {
      if (op === 'like' || op === 'startswith' || op === 'endswith') {
        return this.textTest(
          op,
          operand.kind === 'text' ? operand.text : new Date(operand.start).toISOString(),
        );
      }
      const { start, end } = operand.kind === 'time' ? operand : parseDateOperand(operand.text, this.now);
      return (v) => {
        const t = storedTime(domain, v);
        if (Number.isNaN(t)) return false;
        switch (op) {
          case '<':
            return t < start;
          case '<=':
            return t < end;
          case '>':
            return t >= end;
          case '>=':
            return t >= start;
          default:
            return t >= start && t < end;
        }
      };
    }
    const text = operand.kind === 'text' ? operand.text : new Date(operand.start).toISOString();
    const lower = text.toLowerCase();
    switch (domain) {
      case 'number': {
        if (op === 'like' || op === 'startswith' || op === 'endswith') return this.textTest(op, text);
        const n = text.trim() === '' ? Number.NaN : Number(text);
        if (!Number.isFinite(n)) return () => false;
        return (v) => compareOp(op, Number(v) - n);
      }
      case 'key': {
        if (op === 'like' || op === 'startswith' || op === 'endswith') {
          throw invalid(`The operator "${op}" is not supported for Key; use = or IN`);
        }
        if (op === '=' || op === '==' || op === 'in') {
          return op === '==' ? (v) => v === text : (v) => String(v).toLowerCase() === lower;
        }
        const m = /-(\d+)$/.exec(text);
        const n = m ? Number(m[1]) : Number(text);
        if (!Number.isFinite(n)) return () => false;
        return (v) => compareOp(op, Number(/-(\d+)$/.exec(String(v))?.[1] ?? Number.NaN) - n);
      }
      case 'objectType':
        return this.labelledTest(
          op,
          text,
          (v) => s.objectType(Number(v))?.name ?? '',
          (v) => String(v) === text,
        );
      case 'reference':
        return this.labelledTest(
          op,
          text,
          (v) => {
            const target = s.indexOfId(Number(v));
            return target < 0 ? '' : s.label(target);
          },
          (v) => {
            const target = s.indexOfId(Number(v));
            return String(v) === text || (target >= 0 && s.key(target).toLowerCase() === lower);
          },
        );
      case 'user':
        return this.labelledTest(
          op,
          text,
          (v) => s.userInfo(String(v))?.displayName ?? String(v),
          (v) => v === text,
        );
      case 'status':
        return this.labelledTest(
          op,
          text,
          (v) => s.status(Number(v))?.name ?? String(v),
          (v) => String(v) === text,
        );
      default:
        return this.textTest(op, text);
    }
  }

  /** Compares a displayed label (case rules of text), also accepting an exact id/key for `=`/`in`. */
  private labelledTest(
    op: ComparisonOperator | 'in',
    text: string,
    labelOf: (v: StoredValue) => string,
    idMatches: ValueTest,
  ): ValueTest {
    const byLabel = this.textTest(op, text);
    if (op === '=' || op === '==' || op === 'in') return (v) => idMatches(v) || byLabel(labelOf(v));
    return (v) => byLabel(labelOf(v));
  }

  private textTest(op: ComparisonOperator | 'in', text: string): ValueTest {
    const lower = text.toLowerCase();
    switch (op) {
      case '==':
        return (v) => String(v) === text;
      case 'like':
        return (v) => String(v).toLowerCase().includes(lower);
      case 'startswith':
        return (v) => String(v).toLowerCase().startsWith(lower);
      case 'endswith':
        return (v) => String(v).toLowerCase().endsWith(lower);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return (v) => {
          const a = String(v).toLowerCase();
          return compareOp(op, a < lower ? -1 : a > lower ? 1 : 0);
        };
      default:
        return (v) => String(v).toLowerCase() === lower;
    }
  }

  // ---------------------------------------------------------------- clauses

  /** A clause over an attribute path; dotted paths follow object references (any referenced object). */
  private clause(path: readonly IdentifierNode[], leaf: Leaf): Predicate {
    const [head, ...rest] = path;
    if (!head) throw invalid('Empty attribute');
    this.validateName(head);
    const s = this.state;
    if (rest.length === 0) {
      const tests = new Map<Field, ValueTest>();
      const testFor = (field: Field): ValueTest => {
        let test = tests.get(field);
        if (!test) {
          test = leaf.build ? leaf.build(field) : () => true;
          tests.set(field, test);
        }
        return test;
      };
      // Build the tests of every type now so that operand errors (bad dates, like on Key) surface as 400.
      for (const type of s.objectTypes) {
        const field = this.fieldFor(type.id, head.name);
        if (field) testFor(field);
      }
      return (index) => {
        const field = this.fieldFor(s.typeOf(index), head.name);
        if (!field) return false;
        const values = field.get(index);
        switch (leaf.mode) {
          case 'empty':
            return values.length === 0;
          case 'notEmpty':
            return values.length > 0;
          case 'any': {
            const test = testFor(field);
            for (const v of values) if (test(v)) return true;
            return false;
          }
          case 'none': {
            if (values.length === 0) return false;
            const test = testFor(field);
            for (const v of values) if (test(v)) return false;
            return true;
          }
        }
      };
    }
    if (!this.isReferenceName(head.name)) {
      throw invalid(
        `"${head.name}" is not an object reference attribute, so ".${rest[0]?.name}" cannot follow it`,
      );
    }
    const empty = leaf.mode === 'empty';
    const inner = this.clause(rest, empty ? { mode: 'notEmpty' } : leaf);
    return (index) => {
      const field = this.fieldFor(s.typeOf(index), head.name);
      if (field?.domain !== 'reference') return false;
      let hit = false;
      for (const v of field.get(index)) {
        const target = s.indexOfId(Number(v));
        if (target >= 0 && inner(target)) {
          hit = true;
          break;
        }
      }
      return empty ? !hit : hit;
    };
  }

  expression(node: ExpressionNode): Predicate {
    switch (node.kind) {
      case 'and': {
        const left = this.expression(node.left);
        const right = this.expression(node.right);
        return (i) => left(i) && right(i);
      }
      case 'or': {
        const left = this.expression(node.left);
        const right = this.expression(node.right);
        return (i) => left(i) || right(i);
      }
      case 'not': {
        const operand = this.expression(node.operand);
        return (i) => !operand(i);
      }
      case 'comparison': {
        const operand = this.operand(node.value);
        const op = node.operator;
        const negative = op === '!=' || op === 'not like';
        const positive: ComparisonOperator = op === '!=' ? '=' : op === 'not like' ? 'like' : op;
        return this.clause(node.attribute.path, {
          mode: negative ? 'none' : 'any',
          build: (field) => this.valueTest(field, positive, operand),
        });
      }
      case 'in': {
        const operands = this.listOperands(node.values);
        return this.clause(node.attribute.path, {
          mode: node.negated ? 'none' : 'any',
          build: (field) => {
            const tests = operands.map((o) => this.valueTest(field, 'in', o));
            return (v) => tests.some((t) => t(v));
          },
        });
      }
      case 'empty':
        return this.clause(node.attribute.path, { mode: node.negated ? 'notEmpty' : 'empty' });
      case 'having': {
        const fn = node.function;
        let predicate: Predicate;
        if (fn.kind === 'referenceFunction') {
          if (!isObjectKeyword(node.attribute)) {
            throw invalid(`${fn.name}() must be used as "object having ${fn.name}(…)"`);
          }
          predicate = this.references(fn);
        } else if (fn.kind === 'connectedTickets') {
          if (!isObjectKeyword(node.attribute)) {
            throw invalid(`${fn.name}() must be used as "object having ${fn.name}(…)"`);
          }
          predicate = this.connectedTickets(fn.jql);
        } else {
          const operands = this.functionList(fn);
          predicate = this.clause(node.attribute.path, {
            mode: 'any',
            build: (field) => {
              const tests = operands.map((o) => this.valueTest(field, 'in', o));
              return (v) => tests.some((t) => t(v));
            },
          });
        }
        return node.negated ? (i) => !predicate(i) : predicate;
      }
    }
  }

  /**
   * `object having connectedTickets(<JQL>)`: objects in an Assets field of an issue the JQL finds and the caller may
   * browse. Asked once, when the query is compiled, so invalid JQL makes the whole query a 400.
   */
  private connectedTickets(jql: string): Predicate {
    const lookup = this.state.connectedTickets;
    if (!lookup) throw invalid('connectedTickets() needs Jira, and this Assets workspace has no Jira site');
    const ids = lookup(jql, this.ctx.principal);
    const s = this.state;
    return (index) => ids.has(s.objectId(index));
  }

  /** Reference attributes of a type that pass the optional `refType` filter. */
  private referenceAttributes(typeId: number, filterKey: string, filter: ((name: string) => boolean) | null) {
    const key = `${typeId}\u0000${filterKey}`;
    let list = this.referenceAttrsCache.get(key);
    if (!list) {
      list = this.state
        .attributesOf(typeId)
        .filter(
          (a) => a.type === ATTRIBUTE_TYPE.reference && (!filter || filter(a.referenceType?.name ?? '')),
        );
      this.referenceAttrsCache.set(key, list);
    }
    return list;
  }

  private references(fn: ReferenceFunctionNode): Predicate {
    const s = this.state;
    const inner = fn.query ? this.expression(fn.query) : () => true;
    const innerTypes = fn.query ? this.candidateTypes(fn.query) : null;
    const filter = fn.referenceFilter ? compileRefTypeFilter(fn.referenceFilter) : null;
    const filterKey = fn.referenceFilter ? `${fn.referenceFilter.start}:${fn.referenceFilter.end}` : '';
    let marks: Uint8Array | null = null;
    const matching = (): Uint8Array => {
      if (marks) return marks;
      const set = new Uint8Array(s.slotCount);
      this.scan(innerTypes, inner, (source) => {
        if (fn.direction === 'outbound') {
          set[source] = 1;
          return;
        }
        // inbound: mark every object the matching source points at.
        for (const attribute of this.referenceAttributes(s.typeOf(source), filterKey, filter)) {
          for (const v of s.values(source, attribute)) {
            const target = s.indexOfId(Number(v));
            if (target >= 0) set[target] = 1;
          }
        }
      });
      marks = set;
      return set;
    };
    if (fn.direction === 'inbound') return (index) => matching()[index] === 1;
    return (index) => {
      const sources = matching();
      for (const attribute of this.referenceAttributes(s.typeOf(index), filterKey, filter)) {
        for (const v of s.values(index, attribute)) {
          const target = s.indexOfId(Number(v));
          if (target >= 0 && sources[target] === 1) return true;
        }
      }
      return false;
    };
  }

  // ---------------------------------------------------------------- narrowing and scanning

  /** Object types an expression can possibly match, or null for "any". */
  candidateTypes(node: ExpressionNode): Set<number> | null {
    const s = this.state;
    switch (node.kind) {
      case 'and': {
        const a = this.candidateTypes(node.left);
        const b = this.candidateTypes(node.right);
        if (!a) return b;
        if (!b) return a;
        return new Set([...a].filter((t) => b.has(t)));
      }
      case 'or': {
        const a = this.candidateTypes(node.left);
        const b = this.candidateTypes(node.right);
        return a && b ? new Set([...a, ...b]) : null;
      }
      case 'comparison':
      case 'in': {
        if (node.attribute.path.length !== 1) return null;
        const name = node.attribute.path[0]?.name.toLowerCase() ?? '';
        if (!['objecttype', 'objecttypeid', 'objectschema', 'objectschemaid'].includes(name)) return null;
        let texts: string[];
        if (node.kind === 'comparison') {
          if ((node.operator !== '=' && node.operator !== '==') || node.value.kind !== 'literal') return null;
          texts = [node.value.value];
        } else {
          if (node.negated) return null;
          const ops = this.listOperands(node.values);
          texts = ops.map((o) => (o.kind === 'text' ? o.text : ''));
        }
        const out = new Set<number>();
        for (const text of texts) {
          const lower = text.toLowerCase();
          for (const type of s.objectTypes) {
            const schema = s.schema(type.objectSchemaId);
            const hit =
              name === 'objecttype'
                ? type.name.toLowerCase() === lower || String(type.id) === text
                : name === 'objecttypeid'
                  ? Number(text) === type.id
                  : name === 'objectschema'
                    ? schema?.name.toLowerCase() === lower
                    : Number(text) === type.objectSchemaId;
            if (hit) out.add(type.id);
          }
        }
        return out;
      }
      default:
        return null;
    }
  }

  /** Calls `visit` for every live, visible object of the candidate types that satisfies `predicate`. */
  scan(types: Set<number> | null, predicate: Predicate, visit: (index: number) => void): void {
    const s = this.state;
    const schemas = this.ctx.schemaIds;
    for (const type of s.objectTypes) {
      if (types && !types.has(type.id)) continue;
      if (schemas && !schemas.has(type.objectSchemaId)) continue;
      const { data, length } = s.indexesOfType(type.id);
      for (let k = 0; k < length; k++) {
        const index = data[k] ?? -1;
        if (s.exists(index) && predicate(index)) visit(index);
      }
    }
  }

  // ---------------------------------------------------------------- ordering

  sortKey(path: readonly IdentifierNode[]): (index: number) => number | string | undefined {
    const [head, ...rest] = path;
    if (!head) throw invalid('Empty ORDER BY attribute');
    if (head.name.toLowerCase() !== 'label') this.validateName(head);
    const s = this.state;
    if (rest.length > 0) {
      if (!this.isReferenceName(head.name)) {
        throw invalid(
          `"${head.name}" is not an object reference attribute, so ".${rest[0]?.name}" cannot follow it`,
        );
      }
      const inner = this.sortKey(rest);
      return (index) => {
        const field = this.fieldFor(s.typeOf(index), head.name);
        const first = field?.domain === 'reference' ? field.get(index)[0] : undefined;
        const target = first === undefined ? -1 : s.indexOfId(Number(first));
        return target < 0 ? undefined : inner(target);
      };
    }
    return (index) => {
      const field = this.fieldFor(s.typeOf(index), head.name);
      if (!field) return undefined;
      const v = field.get(index)[0];
      if (v === undefined) return undefined;
      switch (field.domain) {
        case 'number':
          return Number(v);
        case 'date':
        case 'datetime':
          return storedTime(field.domain, v);
        case 'key':
          return Number(/-(\d+)$/.exec(String(v))?.[1] ?? 0);
        case 'reference': {
          const target = s.indexOfId(Number(v));
          return target < 0 ? undefined : s.label(target).toLowerCase();
        }
        case 'user':
          return (s.userInfo(String(v))?.displayName ?? String(v)).toLowerCase();
        case 'status':
          return (s.status(Number(v))?.name ?? '').toLowerCase();
        case 'objectType':
          return (s.objectType(Number(v))?.name ?? '').toLowerCase();
        default:
          return String(v).toLowerCase();
      }
    };
  }
}

function compareOp(op: ComparisonOperator | 'in', diff: number): boolean {
  if (Number.isNaN(diff)) return false;
  switch (op) {
    case '<':
      return diff < 0;
    case '<=':
      return diff <= 0;
    case '>':
      return diff > 0;
    case '>=':
      return diff >= 0;
    default:
      return diff === 0;
  }
}

function isObjectKeyword(attribute: AttributeNode): boolean {
  return attribute.path.length === 1 && attribute.path[0]?.name.toLowerCase() === 'object';
}

/** The second argument of inR/outR: `refType IN ("Depends")`, `referenceType = "Located in"`, and/or/not. */
function compileRefTypeFilter(node: ExpressionNode): (name: string) => boolean {
  const isRefType = (attribute: AttributeNode) => {
    const name = attribute.path.length === 1 ? attribute.path[0]?.name.toLowerCase() : '';
    if (name !== 'reftype' && name !== 'referencetype') {
      throw invalid('The reference filter of inR()/outR() can only test refType');
    }
  };
  const literal = (v: ValueNode): string => {
    if (v.kind !== 'literal') throw invalid('refType takes literal reference type names');
    return v.value.toLowerCase();
  };
  switch (node.kind) {
    case 'and': {
      const a = compileRefTypeFilter(node.left);
      const b = compileRefTypeFilter(node.right);
      return (n) => a(n) && b(n);
    }
    case 'or': {
      const a = compileRefTypeFilter(node.left);
      const b = compileRefTypeFilter(node.right);
      return (n) => a(n) || b(n);
    }
    case 'not': {
      const a = compileRefTypeFilter(node.operand);
      return (n) => !a(n);
    }
    case 'comparison': {
      isRefType(node.attribute);
      const text = literal(node.value);
      if (node.operator === '=' || node.operator === '==') return (n) => n.toLowerCase() === text;
      if (node.operator === '!=') return (n) => n.toLowerCase() !== text;
      if (node.operator === 'like') return (n) => n.toLowerCase().includes(text);
      throw invalid(`Operator ${node.operator} is not supported on refType`);
    }
    case 'in': {
      isRefType(node.attribute);
      if (node.values.kind !== 'list') throw invalid('refType IN needs a list');
      const names = new Set(node.values.items.map(literal));
      return node.negated ? (n) => !names.has(n.toLowerCase()) : (n) => names.has(n.toLowerCase());
    }
    default:
      throw invalid('Unsupported clause in the reference filter of inR()/outR()');
  }
}

/** Parses AQL with `@suite/aql`; syntax errors become Assets' 400. */
export function parseAssetsAql(query: string): QueryNode {
  try {
    return parseAql(query);
  } catch (error) {
    if (error instanceof AqlSyntaxError) throw invalid(`AQL is not valid: ${error.message}`);
    if (error instanceof Error) throw invalid(`AQL is not valid: ${error.message}`);
    throw error;
  }
}

interface Compiled {
  readonly compiler: Compiler;
  readonly predicate: Predicate;
  readonly types: Set<number> | null;
  readonly query: QueryNode;
}

function compile(state: AssetsState, query: string | QueryNode, ctx: AqlEvalContext): Compiled {
  const ast = typeof query === 'string' ? parseAssetsAql(query) : query;
  const compiler = new Compiler(state, ctx);
  const predicate = ast.where ? compiler.expression(ast.where) : () => true;
  const types = ast.where ? compiler.candidateTypes(ast.where) : null;
  return { compiler, predicate, types, query: ast };
}

/** Number of objects matching the query (no sorting). Throws `AssetsError` (400) for invalid AQL. */
export function countAql(state: AssetsState, query: string | QueryNode, ctx: AqlEvalContext): number {
  const { compiler, predicate, types } = compile(state, query, ctx);
  let count = 0;
  compiler.scan(types, predicate, () => {
    count++;
  });
  return count;
}

/**
 * Matching objects in result order: `ORDER BY` one attribute (dot notation allowed), ascending by default with
 * missing values first, descending with them last; without ORDER BY, ascending by label. Ties go by object id.
 */
export function evaluateAql(state: AssetsState, query: string | QueryNode, ctx: AqlEvalContext): AqlResult {
  const { compiler, predicate, types, query: ast } = compile(state, query, ctx);
  const orderPath: readonly IdentifierNode[] = ast.orderBy?.attribute.path ?? [
    { kind: 'identifier', name: 'Label', quoted: false, start: 0, end: 0 },
  ];
  const keyOf = compiler.sortKey(orderPath);
  const matches: number[] = [];
  compiler.scan(types, predicate, (index) => {
    matches.push(index);
  });
  const keys = matches.map(keyOf);
  const desc = ast.orderBy?.direction === 'desc';
  const order = matches.map((_, i) => i);
  order.sort((a, b) => {
    const c = compareKeys(keys[a], keys[b]);
    if (c !== 0) return desc ? -c : c;
    return (matches[a] ?? 0) - (matches[b] ?? 0);
  });
  return { indexes: order.map((i) => matches[i] ?? 0) };
}

function compareKeys(a: number | string | undefined, b: number | string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
