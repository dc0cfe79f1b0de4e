/**
 * A small JQL subset, enough for the apps: clauses on project, key/id, status, statusCategory, assignee,
 * reporter, priority, issuetype, resolution, labels, text (`~`), "Required skill", "Request Type" and the date
 * fields (created, updated, resolved, due) with absolute (`"yyyy-MM-dd HH:mm"`) or relative (`-1d`) values;
 * `AND`/`OR`/`NOT`, parentheses, `ORDER BY`. Dates are interpreted in UTC.
 */

import type { Principal } from '../types';
import {
  categoryOf,
  hasProjectPermission,
  type Issue,
  type JiraState,
  projectOf,
  STATUS_CATEGORIES,
} from './model';

export class JqlError extends Error {}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number };

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      while (i < input.length && input[i] !== c) {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i];
        i++;
      }
      if (i >= input.length)
        throw new JqlError(
          `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${start + 1})`,
        );
      i++;
      tokens.push({ kind: 'string', text, pos: start });
      continue;
    }
    if (input.startsWith('&&', i) || input.startsWith('||', i)) {
      tokens.push({ kind: 'word', text: input.startsWith('&&', i) ? 'AND' : 'OR', pos: i });
      i += 2;
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    if (c === '!') {
      tokens.push({ kind: 'word', text: 'NOT', pos: i });
      i++;
      continue;
    }
    const m = /^[^\s()=,!<>~"']+/.exec(input.slice(i));
    if (!m)
      throw new JqlError(
        `Error in the JQL Query: The character '${c}' is a reserved JQL character. (line 1, character ${i + 1})`,
      );
    tokens.push({ kind: 'word', text: m[0], pos: i });
    i += m[0].length;
  }
  return tokens;
}

export type JqlValue =
  | { kind: 'literal'; text: string }
  | { kind: 'function'; name: string; args: string[] }
  | { kind: 'empty' };

export type JqlNode =
  | { kind: 'and' | 'or'; children: JqlNode[] }
  | { kind: 'not'; child: JqlNode }
  | { kind: 'clause'; field: string; op: string; values: JqlValue[] };

export interface JqlQuery {
  where: JqlNode | null;
  orderBy: { field: string; direction: 'ASC' | 'DESC' }[];
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'EMPTY', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC']);

export function parseJql(input: string): JqlQuery {
  const tokens = tokenize(input);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const describe = (t: Token | undefined) => (t ? `'${t.text}'` : 'the end of the query');
  const fail = (what: string, t: Token | undefined): never => {
    throw new JqlError(
      `Error in the JQL Query: Expecting ${what} but got ${describe(t)}.${t ? ` (line 1, character ${t.pos + 1})` : ''}`,
    );
  };

  const parseValue = (): JqlValue => {
    const t = peek();
    if (!t || t.kind === 'op' || (t.kind === 'punct' && t.text !== '(')) return fail('a value', t);
    if (t.kind === 'word' && (t.text.toUpperCase() === 'EMPTY' || t.text.toUpperCase() === 'NULL')) {
      i++;
      return { kind: 'empty' };
    }
    if (t.kind === 'punct') return fail('a value', t);
    i++;
    if (t.kind === 'word' && peek()?.kind === 'punct' && peek()?.text === '(') {
      i++;
      const args: string[] = [];
      while (peek() && !(peek()?.kind === 'punct' && peek()?.text === ')')) {
        const a = peek();
        if (a?.kind === 'word' || a?.kind === 'string') args.push(a.text);
        else if (!(a?.kind === 'punct' && a.text === ',')) fail("')'", a);
        i++;
      }
      if (!peek()) fail("')'", undefined);
      i++;
      return { kind: 'function', name: t.text.toLowerCase(), args };
    }
    return { kind: 'literal', text: t.text };
  };

  const parseList = (): JqlValue[] => {
    const open = peek();
    if (!(open?.kind === 'punct' && open.text === '(')) return fail("'('", open);
    i++;
    const values: JqlValue[] = [parseValue()];
    while (peek()?.kind === 'punct' && peek()?.text === ',') {
      i++;
      values.push(parseValue());
    }
    const close = peek();
    if (!(close?.kind === 'punct' && close.text === ')')) fail("')'", close);
    i++;
    return values;
  };

  const parseClause = (): JqlNode => {
    const f = peek();
    if (
      !f ||
      (f.kind !== 'word' && f.kind !== 'string') ||
      (f.kind === 'word' && KEYWORDS.has(f.text.toUpperCase()))
    ) {
      return fail('a field name', f);
    }
    i++;
    const field = f.text;
    const opTok = peek();
    if (opTok?.kind === 'op') {
      i++;
      return { kind: 'clause', field, op: opTok.text, values: [parseValue()] };
    }
    if (isWord(opTok, 'IN')) {
      i++;
      return { kind: 'clause', field, op: 'in', values: parseList() };
    }
    if (isWord(opTok, 'NOT') && isWord(tokens[i + 1], 'IN')) {
      i += 2;
      return { kind: 'clause', field, op: 'not in', values: parseList() };
    }
    if (isWord(opTok, 'IS')) {
      i++;
      let op = 'is';
      if (isWord(peek(), 'NOT')) {
        i++;
        op = 'is not';
      }
      const v = parseValue();
      if (v.kind !== 'empty')
        throw new JqlError(
          `Error in the JQL Query: The operator '${op.toUpperCase()}' only supports EMPTY or NULL.`,
        );
      return { kind: 'clause', field, op, values: [v] };
    }
    return fail("an operator ('=', '!=', '~', '>', 'IN', 'IS', …)", opTok);
  };

  const parsePrimary = (): JqlNode => {
    if (isWord(peek(), 'NOT')) {
      i++;
      return { kind: 'not', child: parsePrimary() };
    }
    const t = peek();
    if (t?.kind === 'punct' && t.text === '(') {
      i++;
      const inner = parseOr();
      const close = peek();
      if (!(close?.kind === 'punct' && close.text === ')')) fail("')'", close);
      i++;
      return inner;
    }
    return parseClause();
  };

  const parseAnd = (): JqlNode => {
    const children = [parsePrimary()];
    while (isWord(peek(), 'AND')) {
      i++;
      children.push(parsePrimary());
    }
    return children.length === 1 ? (children[0] as JqlNode) : { kind: 'and', children };
  };

  function parseOr(): JqlNode {
    const children = [parseAnd()];
    while (isWord(peek(), 'OR')) {
      i++;
      children.push(parseAnd());
    }
    return children.length === 1 ? (children[0] as JqlNode) : { kind: 'or', children };
  }

  let where: JqlNode | null = null;
  if (peek() && !isWord(peek(), 'ORDER')) where = parseOr();
  const orderBy: JqlQuery['orderBy'] = [];
  if (isWord(peek(), 'ORDER')) {
    i++;
    if (!isWord(peek(), 'BY')) fail("'by'", peek());
    i++;
    do {
      if (peek()?.kind === 'punct' && peek()?.text === ',') i++;
      const f = peek();
      if (!f || (f.kind !== 'word' && f.kind !== 'string')) fail('a field name', f);
      i++;
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (isWord(peek(), 'ASC') || isWord(peek(), 'DESC')) {
        direction = (peek()?.text.toUpperCase() as 'ASC' | 'DESC') ?? 'ASC';
        i++;
      }
      orderBy.push({ field: (f as Token).text, direction });
    } while (peek()?.kind === 'punct' && peek()?.text === ',');
  }
  if (peek()) fail("either 'OR' or 'AND'", peek());
  if (orderBy.length > 7) throw new JqlError('The ORDER BY clause may contain at most 7 fields.');
  return { where, orderBy };
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

export interface JqlContext {
  state: JiraState;
  principal: Principal;
  /** The caller's account id for currentUser() (undefined for anonymous). */
  currentAccountId: string | undefined;
}

type Predicate = (issue: Issue) => boolean;

const FIELD_ALIASES: Record<string, string> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  issue: 'key',
  id: 'key',
  status: 'status',
  statuscategory: 'statusCategory',
  assignee: 'assignee',
  reporter: 'reporter',
  creator: 'creator',
  priority: 'priority',
  issuetype: 'issuetype',
  type: 'issuetype',
  resolution: 'resolution',
  labels: 'labels',
  summary: 'summary',
  description: 'description',
  text: 'text',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  resolved: 'resolved',
  resolutiondate: 'resolved',
  due: 'due',
  duedate: 'due',
  'required skill': 'skill',
  'cf[10102]': 'skill',
  'request type': 'requestType',
  'customer request type': 'requestType',
  'cf[10010]': 'requestType',
};

export function resolveField(name: string): string | undefined {
  return FIELD_ALIASES[name.toLowerCase()];
}

function valueText(ctx: JqlContext, field: string, v: JqlValue): string | null {
  if (v.kind === 'empty') return null;
  if (v.kind === 'literal') return v.text;
  if (v.name === 'currentuser') {
    return ctx.currentAccountId ?? '\u0000nobody';
  }
  throw new JqlError(
    `Error in the JQL Query: The function '${v.name}' is not supported for the field '${field}'.`,
  );
}

function noSuchValue(field: string, value: string): never {
  throw new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

const DAY = 86_400_000;

/** Parses a JQL date value to epoch ms (UTC). */
export function jqlDate(now: number, field: string, v: JqlValue): number {
  if (v.kind === 'function') {
    const offset = v.args[0] ? relative(v.args[0]) : 0;
    const startOfDay = Math.floor(now / DAY) * DAY;
    switch (v.name) {
      case 'now':
        return now;
      case 'startofday':
        return startOfDay + (offset ?? 0);
      case 'endofday':
        return startOfDay + DAY - 1 + (offset ?? 0);
      default:
        throw new JqlError(
          `Error in the JQL Query: The function '${v.name}' is not supported for the field '${field}'.`,
        );
    }
  }
  if (v.kind === 'empty') throw new JqlError(`Date value for field '${field}' is invalid.`);
  const text = v.text.trim();
  const rel = relative(text);
  if (rel !== undefined) return now + rel;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text);
  if (m) {
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
  }
  throw new JqlError(
    `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function relative(text: string): number | undefined {
  const m = /^([-+]?)\s*((?:\d+[wdhm]\s*)+)$/i.exec(text.trim());
  if (!m) return undefined;
  const sizes: Record<string, number> = { w: 7 * DAY, d: DAY, h: 3_600_000, m: 60_000 };
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+)([wdhm])/gi)) {
    total += Number(part[1]) * (sizes[(part[2] ?? '').toLowerCase()] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

function compile(ctx: JqlContext, node: JqlNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.children.map((c) => compile(ctx, c));
      return (issue) => parts.every((p) => p(issue));
    }
    case 'or': {
      const parts = node.children.map((c) => compile(ctx, c));
      return (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compile(ctx, node.child);
      return (issue) => !inner(issue);
    }
    case 'clause':
      return compileClause(ctx, node);
  }
}

function compileClause(ctx: JqlContext, clause: Extract<JqlNode, { kind: 'clause' }>): Predicate {
  const { state } = ctx;
  const field = resolveField(clause.field);
  if (!field) {
    throw new JqlError(`Field '${clause.field}' does not exist or you do not have permission to view it.`);
  }
  const op = clause.op;
  const now = state.now().getTime();

  // Equality-style fields: map each issue to its value(s) and each JQL value to a comparable key.
  const equality = (
    read: (issue: Issue) => readonly (string | null)[],
    normalise: (text: string) => string,
  ): Predicate => {
    if (!['=', '!=', 'in', 'not in', 'is', 'is not'].includes(op)) {
      throw new JqlError(
        `The operator '${op.toUpperCase()}' is not supported by the '${clause.field}' field.`,
      );
    }
    const wanted = clause.values.map((v) => {
      const text = valueText(ctx, clause.field, v);
      return text === null ? null : normalise(text);
    });
    const positive = op === '=' || op === 'in' || op === 'is';
    return (issue) => {
      const values = read(issue);
      const hit = wanted.some((w) =>
        w === null ? values.length === 0 || values.every((x) => x === null) : values.includes(w),
      );
      return positive ? hit : !hit;
    };
  };

  switch (field) {
    case 'project':
      return equality(
        (issue) => [issue.projectId],
        (text) => {
          const project = state.projects.find(
            (p) =>
              p.key === text.toUpperCase() || p.id === text || p.name.toLowerCase() === text.toLowerCase(),
          );
          if (!project || !hasBrowse(ctx, project.id)) noSuchValue('project', text);
          return project.id;
        },
      );
    case 'key':
      return equality(
        (issue) => [issue.id],
        (text) => {
          if (!/^([A-Z][A-Z0-9_]*-\d+|\d+)$/i.test(text)) {
            throw new JqlError(`The issue key '${text}' for field '${clause.field}' is invalid.`);
          }
          return state.issueKeys.get(text.toUpperCase()) ?? (state.issues.has(text) ? text : `\u0000${text}`);
        },
      );
    case 'status':
      return equality(
        (issue) => [issue.fields.statusId],
        (text) => {
          const status = state.statuses.find(
            (s) => s.id === text || s.name.toLowerCase() === text.toLowerCase(),
          );
          if (!status) noSuchValue('status', text);
          return status.id;
        },
      );
    case 'statusCategory':
      return equality(
        (issue) => [String(categoryOf(state, issue.fields.statusId).id)],
        (text) => {
          const lower = text.toLowerCase();
          const c = STATUS_CATEGORIES.find(
            (x) => String(x.id) === text || x.key === lower || x.name.toLowerCase() === lower,
          );
          if (!c) noSuchValue('statusCategory', text);
          return String(c.id);
        },
      );
    case 'assignee':
    case 'reporter':
    case 'creator':
      return equality(
        (issue) => [issue.fields[field]],
        (text) => text,
      );
    case 'priority':
      return equality(
        (issue) => [issue.fields.priorityId],
        (text) => {
          const p = state.priorities.find(
            (x) => x.id === text || x.name.toLowerCase() === text.toLowerCase(),
          );
          if (!p) noSuchValue('priority', text);
          return p.id;
        },
      );
    case 'issuetype':
      return equality(
        (issue) => [issue.fields.issueTypeId],
        (text) => {
          const it = state.issueTypes.find(
            (x) => x.id === text || x.name.toLowerCase() === text.toLowerCase(),
          );
          if (!it) noSuchValue('issuetype', text);
          return it.id;
        },
      );
    case 'resolution':
      return equality(
        (issue) => [issue.fields.resolutionId],
        (text) => {
          if (text.toLowerCase() === 'unresolved') return '\u0000unresolved';
          const r = state.resolutions.find(
            (x) => x.id === text || x.name.toLowerCase() === text.toLowerCase(),
          );
          if (!r) noSuchValue('resolution', text);
          return r.id;
        },
      );
    case 'labels':
      return equality(
        (issue) => issue.fields.labels,
        (text) => text,
      );
    case 'skill':
      return equality(
        (issue) => [issue.fields.requiredSkillId],
        (text) => {
          const o = state.skillOptions.find(
            (x) => x.id === text || x.value.toLowerCase() === text.toLowerCase(),
          );
          if (!o) noSuchValue(clause.field, text);
          return o.id;
        },
      );
    case 'requestType':
      return equality(
        (issue) => [issue.requestTypeId],
        (text) => {
          const rt = state.requestTypes.find(
            (x) => x.id === text || x.name.toLowerCase() === text.toLowerCase(),
          );
          if (!rt) noSuchValue(clause.field, text);
          return rt.id;
        },
      );
    case 'summary':
    case 'description':
    case 'text': {
      if (op !== '~' && op !== '!~') {
        throw new JqlError(
          `The operator '${op.toUpperCase()}' is not supported by the '${clause.field}' field.`,
        );
      }
      const needle = (valueText(ctx, clause.field, clause.values[0] ?? { kind: 'empty' }) ?? '')
        .replace(/[*?]/g, '')
        .toLowerCase();
      const read = (issue: Issue) => {
        const summary = issue.fields.summary.toLowerCase();
        const description = JSON.stringify(issue.fields.description ?? '').toLowerCase();
        return field === 'summary'
          ? summary
          : field === 'description'
            ? description
            : `${summary} ${description}`;
      };
      return (issue) => read(issue).includes(needle) === (op === '~');
    }
    case 'created':
    case 'updated':
    case 'resolved':
    case 'due': {
      const read = (issue: Issue): number | null => {
        if (field === 'created') return issue.created;
        if (field === 'updated') return issue.updated;
        if (field === 'resolved') return issue.fields.resolutionDate;
        return issue.fields.dueDate ? Date.parse(`${issue.fields.dueDate}T00:00:00Z`) : null;
      };
      if (op === 'is' || op === 'is not') {
        return (issue) => (read(issue) === null) === (op === 'is');
      }
      if (op === 'in' || op === 'not in' || op === '~' || op === '!~') {
        throw new JqlError(
          `The operator '${op.toUpperCase()}' is not supported by the '${clause.field}' field.`,
        );
      }
      const at = jqlDate(now, clause.field, clause.values[0] ?? { kind: 'empty' });
      return (issue) => {
        const value = read(issue);
        if (value === null) return false;
        switch (op) {
          case '=':
            return value === at;
          case '!=':
            return value !== at;
          case '>':
            return value > at;
          case '>=':
            return value >= at;
          case '<':
            return value < at;
          default:
            return value <= at;
        }
      };
    }
  }
  throw new JqlError(`Field '${clause.field}' does not exist or you do not have permission to view it.`);
}

function hasBrowse(ctx: JqlContext, projectId: string): boolean {
  return hasProjectPermission(ctx.state, ctx.principal, projectId, 'BROWSE_PROJECTS');
}

type Comparator = (a: Issue, b: Issue) => number;

function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

function comparatorFor(ctx: JqlContext, field: string): Comparator {
  const { state } = ctx;
  const resolved = resolveField(field) ?? field.toLowerCase();
  const byNullable = (read: (i: Issue) => number | string | null): Comparator => {
    return (a, b) => {
      const x = read(a);
      const y = read(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    };
  };
  switch (resolved) {
    case 'key':
      return (a, b) => {
        const pa = projectOf(state, a).key;
        const pb = projectOf(state, b).key;
        return pa === pb ? keyNumber(a.key) - keyNumber(b.key) : pa < pb ? -1 : 1;
      };
    case 'created':
      return (a, b) => a.created - b.created || Number(a.id) - Number(b.id);
    case 'updated':
      return (a, b) => a.updated - b.updated;
    case 'resolved':
      return byNullable((i) => i.fields.resolutionDate);
    case 'due':
      return byNullable((i) => i.fields.dueDate);
    // Jira sorts priority by its sequence: ascending means lowest first, so DESC lists Highest first.
    case 'priority':
      return (a, b) => Number(b.fields.priorityId) - Number(a.fields.priorityId);
    case 'status':
      return (a, b) => {
        const sa = state.statuses.findIndex((s) => s.id === a.fields.statusId);
        const sb = state.statuses.findIndex((s) => s.id === b.fields.statusId);
        return sa - sb;
      };
    case 'summary':
      return (a, b) => a.fields.summary.localeCompare(b.fields.summary);
    case 'assignee':
    case 'reporter':
      return byNullable((i) => {
        const id = i.fields[resolved];
        return id === null ? null : (state.users.get(id)?.displayName ?? id);
      });
    case 'project':
      return (a, b) => {
        const pa = projectOf(state, a).key;
        const pb = projectOf(state, b).key;
        return pa === pb ? 0 : pa < pb ? -1 : 1;
      };
  }
  throw new JqlError(`Not able to sort using field '${field}'.`);
}

export interface CompiledJql {
  matches: (issue: Issue) => boolean;
  compare: Comparator;
  bounded: boolean;
}

export function compileJql(ctx: JqlContext, jql: string): CompiledJql {
  const query = parseJql(jql);
  const matches = query.where ? compile(ctx, query.where) : () => true;
  const comparators = query.orderBy.map(({ field, direction }) => {
    const cmp = comparatorFor(ctx, field);
    return direction === 'DESC' ? (a: Issue, b: Issue) => -cmp(a, b) : cmp;
  });
  // Without ORDER BY, newest first (like Jira's default ordering by creation).
  const fallback: Comparator = (a, b) => Number(b.id) - Number(a.id);
  return {
    matches,
    bounded: query.where !== null,
    compare: (a, b) => {
      for (const cmp of comparators) {
        const r = cmp(a, b);
        if (r !== 0) return r;
      }
      return fallback(a, b);
    },
  };
}
