import { Buffer } from 'node:buffer';
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './errors';

/**
 * Entry point for every resolver, web trigger and queue consumer payload.
 *
 * Before zod sees the payload: (1) keys `__proto__`, `constructor` and `prototype` are refused at any
 * depth (own keys, as JSON.parse creates them), so no schema or later `Object.assign`/merge can be
 * steered into the prototype chain; (2) nesting deeper than `maxDepth` is refused; (3) the JSON
 * serialisation must fit in `maxBytes` UTF-8 bytes. Then the schema runs with an error map that
 * produces messages which never contain the received value.
 */
export interface ParseInputOptions {
  /** Maximum size of `JSON.stringify(payload)` in UTF-8 bytes (default 100,000). */
  maxBytes?: number;
  /** Maximum nesting depth of objects/arrays (default 64). */
  maxDepth?: number;
}

export type SafeParseInputResult<T> = { ok: true; data: T } | { ok: false; error: ValidationError };

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const ROOT = '(root)';
/**
 * Object keys rendered in paths. Schema keys are ours, but z.record keys are chosen by the client, so
 * only short identifier-like keys are shown; anything else (a pasted token with `-`, `.`, `/`, spaces, or
 * longer than 32 characters) is shown as `[…]`.
 */
const SAFE_KEY = /^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/;

/** Formats a path like `fields.summary`, `items[2].id`; `(root)` for the payload itself. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && SAFE_KEY.test(segment))
      out += out === '' ? segment : `.${segment}`;
    else out += '[…]';
  }
  return out === '' ? ROOT : out;
}

interface Frame {
  value: object;
  path: PropertyKey[];
}

/** Iterative walk (no recursion, so hostile nesting cannot overflow the stack). */
function structuralIssue(payload: unknown, maxDepth: number): ValidationIssue | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const seen = new WeakSet<object>();
  const stack: Frame[] = [{ value: payload, path: [] }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value, path } = frame;
    if (seen.has(value)) continue;
    seen.add(value);
    // path.length is the number of containers above this one, so this one is at depth path.length + 1.
    if (path.length >= maxDepth) {
      return { path: formatPath(path), message: `Input is nested more than ${maxDepth} levels deep` };
    }
    const isArray = Array.isArray(value);
    // getOwnPropertyNames also sees non-enumerable keys; JSON.parse creates "__proto__" as an own key.
    for (const key of Object.getOwnPropertyNames(value)) {
      if (isArray && key === 'length') continue;
      if (FORBIDDEN_KEYS.has(key)) {
        return { path: formatPath([...path, key]), message: 'This field name is not allowed' };
      }
      const child: unknown = Reflect.get(value, key);
      if (typeof child === 'object' && child !== null) {
        const index = isArray ? Number(key) : Number.NaN;
        stack.push({ value: child, path: [...path, Number.isInteger(index) ? index : key] });
      }
    }
  }
  return undefined;
}

function sizeIssue(payload: unknown, maxBytes: number): ValidationIssue | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch {
    // Cycles, BigInt, or a throwing toJSON: not JSON data, so not a valid payload.
    return { path: ROOT, message: 'Input is not valid JSON data' };
  }
  const bytes = json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  if (bytes > maxBytes) return { path: ROOT, message: `Input is larger than ${maxBytes} bytes` };
  return undefined;
}

function describeType(expected: unknown): string {
  return typeof expected === 'string' ? expected : 'a different type';
}

/**
 * Messages for zod's built-in issues. Schema-level custom messages (as in ./fields) take precedence;
 * this map only fills in defaults, and none of its messages include `issue.input`.
 */
function safeMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Required' : `Expected ${describeType(issue.expected)}`;
    case 'too_big': {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `Must be at most ${String(issue.maximum)}${unit}`;
    }
    case 'too_small': {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `Must be at least ${String(issue.minimum)}${unit}`;
    }
    case 'invalid_format':
      return `Invalid format (expected ${issue.format})`;
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      // Key names come from the client and are not echoed.
      return issue.keys.length === 1 ? 'Unexpected field' : `${issue.keys.length} unexpected fields`;
    case 'invalid_union':
      return 'Does not match any accepted form';
    case 'invalid_key':
      return 'Invalid key';
    case 'invalid_element':
      return 'Invalid entry';
    case 'invalid_value':
      return 'Not one of the accepted values';
    default:
      return 'Invalid value';
  }
}

/** Non-throwing variant of {@link parseInput}. */
export function safeParseInput<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  options: ParseInputOptions = {},
): SafeParseInputResult<z.output<S>> {
  const { maxBytes = 100_000, maxDepth = 64 } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new RangeError('maxBytes must be a positive integer');
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1)
    throw new RangeError('maxDepth must be a positive integer');

  const structural = structuralIssue(payload, maxDepth);
  if (structural) return { ok: false, error: new ValidationError([structural]) };
  const size = sizeIssue(payload, maxBytes);
  if (size) return { ok: false, error: new ValidationError([size]) };

  const result = schema.safeParse(payload, { error: safeMessage });
  if (result.success) return { ok: true, data: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  return { ok: false, error: new ValidationError(issues) };
}

/** Validates an untrusted payload; returns typed data or throws {@link ValidationError}. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  options: ParseInputOptions = {},
): z.output<S> {
  const result = safeParseInput(schema, payload, options);
  if (!result.ok) throw result.error;
  return result.data;
}
