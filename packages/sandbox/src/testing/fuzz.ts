/**
 * Fuzzing with figures: every resolver function of an app gets generated payloads that its own input schema
 * refuses, invoked through the sandbox's in-process invocation path against the app's built bundle, as a fully
 * authorised user (so only the input schema can be what rejects them). Every answer must be the resolver kit's
 * INVALID_INPUT envelope naming a field, and nothing may be written to KVS or to the emulated product.
 *
 * The functions are found in the bundle itself: `ownKeysOnly` handlers expose their own definitions and
 * `defineResolver` functions their input schema (registered symbols, see @suite/permissions), so a resolver added
 * later is fuzzed without touching the tests. A function without an exposed schema is reported, not skipped.
 */
import fc from 'fast-check';
import type { Sandbox } from '../runtime/sandbox';

const RESOLVER_FUNCTIONS = Symbol.for('@suite/permissions.resolverFunctions');
const RESOLVER_INPUT = Symbol.for('@suite/permissions.resolverInput');
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** `parseInput`'s default nesting limit. */
const MAX_DEPTH = 64;

/** The zod schema as far as the harness needs it (zod 4's `_zod.def`), from whatever zod copy the bundle has. */
interface SchemaLike {
  safeParse(value: unknown): { success: boolean };
  readonly _zod?: { readonly def: ZodDef };
}
interface ZodDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, SchemaLike>>;
  readonly catchall?: SchemaLike;
  readonly innerType?: SchemaLike;
  readonly in?: SchemaLike;
  readonly element?: SchemaLike;
  readonly options?: readonly SchemaLike[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly values?: readonly unknown[];
  readonly valueType?: SchemaLike;
  readonly items?: readonly SchemaLike[];
  readonly getter?: () => SchemaLike;
}

interface InputSpec {
  readonly name: string;
  readonly schema: SchemaLike;
  readonly maxInputBytes: number;
}

export interface FuzzTarget {
  readonly moduleKey: string;
  readonly functionKey: string;
  /** The input specs the function may parse with (several when it routes, e.g. by scope); empty if none exposed. */
  readonly specs: readonly InputSpec[];
}

/** Every (UI module, function key) of `app`, read from the built bundle's `ownKeysOnly` handlers. */
export function resolverTargets(sandbox: Sandbox, app: string): FuzzTarget[] {
  const out: FuzzTarget[] = [];
  for (const module of sandbox.manifestOf(app).uiModules) {
    if (!module.resolverFunction) continue;
    const handler = sandbox.functionHandler(app, module.resolverFunction) as unknown as Record<
      symbol,
      unknown
    >;
    const functions = handler[RESOLVER_FUNCTIONS] as Record<string, unknown> | undefined;
    if (!functions) throw new Error(`${app} ${module.key}: the resolver handler is not made by ownKeysOnly`);
    for (const [functionKey, fn] of Object.entries(functions)) {
      const specs = (fn as Record<symbol, unknown> | undefined)?.[RESOLVER_INPUT];
      out.push({
        moduleKey: module.key,
        functionKey,
        specs: Array.isArray(specs) ? (specs as InputSpec[]) : [],
      });
    }
  }
  return out;
}

// ---- what "invalid" means: exactly what the resolver kit's parse refuses ------------------------------------

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    for (const key of Object.getOwnPropertyNames(v)) {
      if ((FORBIDDEN_KEYS as readonly string[]).includes(key)) return true;
      stack.push(Reflect.get(v, key));
    }
  }
  return false;
}

function bytesOf(value: unknown): number {
  const json = JSON.stringify(value);
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
}

/** What the payload becomes before parsing: `@forge/resolver` passes `payload || {}`. */
function effective(payload: unknown): unknown {
  return payload || {};
}

/** True when every spec the function may parse with refuses the payload (so whichever runs, it must refuse). */
export function isInvalidFor(specs: readonly InputSpec[], payload: unknown): boolean {
  const value = effective(payload);
  if (hasForbiddenKey(value) || depthOf(value) > MAX_DEPTH) return true;
  const bytes = bytesOf(value);
  return specs.every((spec) => {
    if (bytes > spec.maxInputBytes) return true;
    try {
      return !spec.schema.safeParse(value).success;
    } catch {
      return true; // a schema that throws is not accepting it; the invocation shows how the app copes
    }
  });
}

// ---- valid samples, to mutate one field at a time --------------------------------------------------------

const STRING_CANDIDATES = [
  'SUP-1',
  'ABC-1',
  '10001',
  '1',
  '5b10ac8d82e05b22cc7d4ef5',
  '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
  'Hello there',
  'x',
  'personal',
  '2026-01-01T00:00:00.000Z',
  '2026-01-01',
  'Europe/London',
  '1h 30m',
  'https://hooks.example.com/a',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  'objectType = "Laptop"',
  'a-1',
  'abcdefgh',
  'u.0f8fad5b-d9cb-469f-a165-70867728950e',
  'g.0f8fad5b-d9cb-469f-a165-70867728950e',
  'p.FS.0f8fad5b-d9cb-469f-a165-70867728950e',
  'FS',
];
const NUMBER_CANDIDATES = [1, 0, 10, 51.5, 100, 1000, 3600, -0.1];

function defOf(schema: SchemaLike | undefined): ZodDef | undefined {
  return schema?._zod?.def;
}

function sampleOf(schema: SchemaLike | undefined, depth = 0): { value: unknown } | undefined {
  const def = defOf(schema);
  if (!schema || !def || depth > 8) return undefined;
  const accepts = (value: unknown) => {
    try {
      return schema.safeParse(value).success;
    } catch {
      return false;
    }
  };
  const first = (values: readonly unknown[]) => {
    const found = values.find(accepts);
    return found === undefined && !values.includes(undefined) ? undefined : { value: found };
  };
  switch (def.type) {
    case 'optional':
      return sampleOf(def.innerType, depth + 1) ?? { value: undefined };
    case 'nullable':
      return accepts(null) ? { value: null } : sampleOf(def.innerType, depth + 1);
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return sampleOf(def.innerType, depth + 1);
    case 'pipe': {
      const inner = sampleOf(def.in, depth + 1);
      return inner && accepts(inner.value) ? inner : undefined;
    }
    case 'lazy':
      return sampleOf(def.getter?.(), depth + 1);
    case 'string':
      return first(STRING_CANDIDATES);
    case 'number':
    case 'int':
      return first(NUMBER_CANDIDATES);
    case 'boolean':
      return { value: true };
    case 'null':
      return { value: null };
    case 'literal':
      return first(def.values ?? []);
    case 'enum':
      return first(Object.values(def.entries ?? {}));
    case 'array': {
      if (accepts([])) return { value: [] };
      const element = sampleOf(def.element, depth + 1);
      return element ? first([[element.value]]) : undefined;
    }
    case 'record':
      return first([{}]);
    case 'tuple': {
      const items = (def.items ?? []).map((item) => sampleOf(item, depth + 1));
      if (items.some((i) => i === undefined)) return undefined;
      return first([items.map((i) => i?.value)]);
    }
    case 'union':
      for (const option of def.options ?? []) {
        const s = sampleOf(option, depth + 1);
        if (s && accepts(s.value)) return s;
      }
      return undefined;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const s = sampleOf(field, depth + 1);
        if (!s) return undefined;
        if (s.value !== undefined) out[key] = s.value;
      }
      return accepts(out) ? { value: out } : undefined;
    }
    default:
      return undefined;
  }
}

/** Unwraps optional/nullable/default/pipe to find an object shape (the top-level fields of a payload). */
function shapeOf(
  schema: SchemaLike | undefined,
  depth = 0,
): Readonly<Record<string, SchemaLike>> | undefined {
  const def = defOf(schema);
  if (!def || depth > 8) return undefined;
  if (def.type === 'object') return def.shape;
  if (def.type === 'pipe') return shapeOf(def.in, depth + 1);
  if (def.innerType) return shapeOf(def.innerType, depth + 1);
  return undefined;
}

function fieldType(schema: SchemaLike | undefined, depth = 0): string {
  const def = defOf(schema);
  if (!def || depth > 8) return 'unknown';
  if (def.type === 'pipe') return fieldType(def.in, depth + 1);
  if (def.innerType) return fieldType(def.innerType, depth + 1);
  return def.type;
}

// ---- the generators ------------------------------------------------------------------------------------

const CONTROL_AND_BIDI = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2069',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\r',
  '\n',
  '\t',
];

/** Strings meant to break things: control and bidi characters, lone surrogates, number-like and injection text. */
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-0',
    '0x1F',
    '9007199254740993',
    '__proto__',
    'constructor',
    'toString',
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    '<script>alert(1)</script>',
    '../../../etc/passwd',
    '{{constructor.constructor("return process")()}}',
    '$' + '{7*7}', // template-injection text, spelled in two parts for the linter
    'SUP-1\u202e',
    '\u202eSUP-1',
    'SUP\u0000-1',
    '\ud800SUP-1',
    'https://127.0.0.1/',
    'null',
    'undefined',
    'true',
  ),
  fc.string({
    unit: fc.constantFrom(...CONTROL_AND_BIDI, 'a', 'Z', '1', '-', ':'),
    minLength: 1,
    maxLength: 40,
  }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Numbers as far as JSON allows (NaN and ±Infinity become null on the wire): out of range, fractional, huge. */
const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    -1,
    -0,
    0.5,
    -0.000001,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    2 ** 31,
    -(2 ** 31) - 1,
    181,
    -91,
    1e21,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function wireValue(depth: number): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    nastyNumber,
    nastyString,
    fc.constant([]),
    fc.constant({}),
  );
  if (depth <= 0) return leaf;
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(wireValue(depth - 1), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), wireValue(depth - 1), { maxKeys: 3 }),
    },
  );
}

/** A value of a different JSON type than the field expects (still checked against the schema afterwards). */
function wrongTypeFor(type: string): fc.Arbitrary<unknown> {
  const pools: Record<string, fc.Arbitrary<unknown>[]> = {
    string: [
      nastyNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(nastyString, { maxLength: 3 }),
      fc.constant({}),
    ],
    number: [
      nastyString,
      fc.boolean(),
      fc.constant(null),
      fc.array(nastyNumber, { maxLength: 3 }),
      nastyNumber,
    ],
    boolean: [nastyString, nastyNumber, fc.constant(null), fc.constant([true])],
    array: [
      nastyString,
      nastyNumber,
      fc.constant({}),
      fc.constant(null),
      fc.dictionary(fc.string(), wireValue(1)),
    ],
    object: [nastyString, nastyNumber, fc.constant(null), fc.array(wireValue(1), { maxLength: 3 })],
  };
  return fc.oneof(...(pools[type] ?? [wireValue(2)]));
}

function nest(depth: number, leaf: unknown, arrays: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}

/** A payload with an own `__proto__`/`constructor`/`prototype` key, as JSON.parse creates it, at the root or in a field. */
function withForbiddenKey(
  base: Record<string, unknown>,
  key: string,
  value: unknown,
  field?: string,
): unknown {
  const inner = `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`;
  const json = JSON.stringify(base);
  const rest = json === '{}' ? '' : json.slice(1, -1);
  if (field === undefined) return JSON.parse(`{${inner.slice(1, -1)}${rest ? `,${rest}` : ''}}`);
  const others = JSON.stringify(Object.fromEntries(Object.entries(base).filter(([k]) => k !== field))).slice(
    1,
    -1,
  );
  return JSON.parse(`{${JSON.stringify(field)}:${inner}${others ? `,${others}` : ''}}`);
}

export type FuzzCategory =
  | 'wrong-type'
  | 'missing-required'
  | 'unknown-key'
  | 'prototype-key'
  | 'huge'
  | 'deep'
  | 'array-for-object'
  | 'root-type'
  | 'control-bidi'
  | 'out-of-range';

interface Generated {
  readonly category: FuzzCategory;
  /** The top-level field the payload breaks, if one. */
  readonly field?: string;
  readonly payload: unknown;
}

function payloadArbitrary(specs: readonly InputSpec[], hugeLimit: number): fc.Arbitrary<Generated> {
  const spec = specs[0];
  const shape = shapeOf(spec?.schema) ?? {};
  const fields = Object.keys(shape);
  const sample = sampleOf(spec?.schema)?.value;
  const baseValid = typeof sample === 'object' && sample !== null && !Array.isArray(sample);
  const baseObject = baseValid ? (sample as Record<string, unknown>) : {};
  const maxBytes = Math.max(...specs.map((s) => s.maxInputBytes), 100_000);
  const field = fields.length > 0 ? fc.constantFrom(...fields) : fc.constant(undefined);
  const set = (f: string | undefined, value: unknown): Record<string, unknown> =>
    f === undefined ? { ...baseObject, fuzz: value } : { ...baseObject, [f]: value };
  // The field is named as the one that breaks the payload only when the rest of it is a valid sample.
  const g = (category: FuzzCategory, arb: fc.Arbitrary<{ payload: unknown; field?: string | undefined }>) =>
    arb.map(({ payload, field }) => ({
      category,
      payload,
      ...(baseValid && field !== undefined ? { field } : {}),
    }));

  const arbitraries: { weight: number; arbitrary: fc.Arbitrary<Generated> }[] = [
    {
      weight: 6,
      arbitrary: g(
        'wrong-type',
        field.chain((f) =>
          wrongTypeFor(fieldType(f === undefined ? undefined : shape[f])).map((v) => ({
            field: f,
            payload: set(f, v),
          })),
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'missing-required',
        field.map((f) => {
          const copy = { ...baseObject };
          if (f !== undefined) delete copy[f];
          return { ...(f === undefined ? {} : { field: f }), payload: copy };
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'unknown-key',
        fc
          .tuple(
            fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !fields.includes(k)),
            wireValue(1),
          )
          .map(([k, v]) => ({ payload: JSON.parse(JSON.stringify({ ...baseObject, [k]: v ?? null })) })),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'prototype-key',
        fc
          .tuple(fc.constantFrom(...FORBIDDEN_KEYS), wireValue(1), fc.option(field, { nil: undefined }))
          .map(([k, v, f]) => ({
            ...(f === undefined ? {} : { field: f }),
            payload: withForbiddenKey(baseObject, k, v ?? { isAdmin: true }, f),
          })),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'deep',
        fc
          .tuple(fc.integer({ min: MAX_DEPTH + 1, max: 180 }), fc.boolean(), field)
          .map(([d, arrays, f]) => ({ field: f, payload: set(f, nest(d, 'x', arrays)) })),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'control-bidi',
        field.chain((f) => nastyString.map((s) => ({ field: f, payload: set(f, s) }))),
      ),
    },
    {
      weight: 2,
      arbitrary: g(
        'out-of-range',
        field.chain((f) => nastyNumber.map((n) => ({ field: f, payload: set(f, n) }))),
      ),
    },
    {
      weight: 1,
      arbitrary: g(
        'array-for-object',
        fc.oneof(
          fc.constant({ payload: [baseObject] }),
          fc.array(wireValue(1), { minLength: 1, maxLength: 4 }).map((a) => ({ payload: a })),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: g(
        'root-type',
        fc
          .oneof(
            nastyString.filter((s) => s !== ''),
            nastyNumber.filter((n) => n !== 0),
            fc.constant(true),
          )
          .map((v) => ({ payload: v })),
      ),
    },
  ];
  if (maxBytes < hugeLimit) {
    arbitraries.push({
      weight: 1,
      arbitrary: g(
        'huge',
        fc
          .tuple(
            fc.integer({ min: 1, max: Math.min(20_000, hugeLimit - maxBytes - 1_000) }),
            field,
            fc.boolean(),
          )
          .map(([extra, f, asArray]) => ({
            field: f,
            payload: set(
              f,
              asArray
                ? Array.from({ length: (maxBytes + extra) / 4 }, () => 1)
                : 'x'.repeat(maxBytes + extra),
            ),
          })),
      ),
    });
  }
  return fc.oneof(...arbitraries);
}

// ---- the run ------------------------------------------------------------------------------------------

export interface FuzzFinding {
  readonly moduleKey: string;
  readonly functionKey: string;
  readonly category: FuzzCategory | 'no-schema' | 'too-few';
  readonly problem: string;
  /** The payload as JSON, cut to 300 characters. */
  readonly payload: string;
  readonly answer: string;
}

export interface FuzzReport {
  readonly app: string;
  readonly resolvers: number;
  readonly perResolver: number;
  readonly payloads: number;
  readonly clearErrors: number;
  readonly storageWrites: number;
  readonly productWrites: number;
  readonly byCategory: Readonly<Record<string, number>>;
  readonly findings: readonly FuzzFinding[];
  /** Payloads that broke one field of an otherwise valid sample, whose error had to name that field. */
  readonly fieldChecks: number;
  /** Wall time of the whole run (generating, checking against the schemas, invoking). */
  readonly elapsedMs: number;
  /** `fuzz <app>: N resolvers × M payloads = … invalid payloads, … clear errors (100 %), 0 storage writes, 0 product writes`. */
  readonly line: string;
}

export interface FuzzOptions {
  /** Invalid payloads per resolver function (default 1,000). */
  readonly perResolver?: number;
  readonly seed?: number;
  /** Extra `extension` context per module (e.g. the issue an issue panel is on). */
  readonly extension?: (moduleKey: string) => Record<string, unknown> | undefined;
  readonly cloudId?: string;
}

const STACK_OR_INTERNAL =
  /\bat \S+ \(|\bat (async )?[\w.<>]+ \(|node:internal|TypeError|ReferenceError|SyntaxError|stack/i;

function clip(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 300);
  } catch {
    return String(value).slice(0, 300);
  }
}

/** Why an answer is not a clear INVALID_INPUT error for this payload, or undefined when it is. */
function unclear(answer: unknown, generated: Generated): string | undefined {
  const a = answer as {
    ok?: unknown;
    error?: { code?: unknown; message?: unknown; fields?: { path?: unknown; message?: unknown }[] };
  };
  if (typeof a !== 'object' || a === null || a.ok !== false) return 'not an error envelope';
  const error = a.error;
  if (error?.code !== 'INVALID_INPUT') return `code ${String(error?.code)}, not INVALID_INPUT`;
  if (typeof error.message !== 'string' || error.message.length === 0) return 'no message';
  if (STACK_OR_INTERNAL.test(JSON.stringify(error))) return 'internal detail in the error';
  const fields = Array.isArray(error.fields) ? error.fields : [];
  if (fields.length === 0) return 'no field named';
  if (fields.some((f) => typeof f.path !== 'string' || typeof f.message !== 'string' || f.message === ''))
    return 'a field without path or message';
  const named = generated.field;
  if (
    named !== undefined &&
    !fields.some(
      (f) =>
        f.path === '(root)' ||
        f.path === named ||
        String(f.path).startsWith(`${named}.`) ||
        String(f.path).startsWith(`${named}[`) ||
        (!/^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/.test(named) && String(f.path).startsWith('[…]')),
    )
  )
    return `the error does not name ${named}`;
  return undefined;
}

function productWritesOf(sandbox: Sandbox, app: string, from: number): number {
  return sandbox.requests
    .slice(from)
    .filter((r) => r.app === app && r.method !== 'GET' && r.method !== 'HEAD').length;
}

/**
 * Sends `perResolver` generated invalid payloads to every resolver function of every UI module of `app`, as
 * `accountId` (give a fully authorised user), and reports what came back and what was written.
 */
export async function fuzzResolvers(
  sandbox: Sandbox,
  app: string,
  accountId: string,
  options: FuzzOptions = {},
): Promise<FuzzReport> {
  const perResolver = options.perResolver ?? 1_000;
  const targets = resolverTargets(sandbox, app);
  const findings: FuzzFinding[] = [];
  const byCategory: Record<string, number> = {};
  const writesBefore = sandbox.kvsWrites(app);
  const requestsBefore = sandbox.requests.length;
  let payloads = 0;
  let clearErrors = 0;
  const started = performance.now();
  let fieldChecks = 0;
  let seed = options.seed ?? 20_261_203;
  for (const target of targets) {
    if (target.specs.length === 0) {
      findings.push({
        ...target,
        category: 'no-schema',
        problem: 'exposes no input schema',
        payload: '',
        answer: '',
      });
      continue;
    }
    const arbitrary = payloadArbitrary(target.specs, sandbox.limits.invokeRequestBytes);
    let sent = 0;
    for (let round = 0; round < 10 && sent < perResolver; round++) {
      const batch = fc.sample(arbitrary, {
        numRuns: Math.ceil((perResolver - sent) * 1.3) + 20,
        seed: seed++,
      });
      for (const generated of batch) {
        if (sent >= perResolver) break;
        if (!isInvalidFor(target.specs, generated.payload)) continue;
        sent++;
        payloads++;
        byCategory[generated.category] = (byCategory[generated.category] ?? 0) + 1;
        let answer: unknown;
        let problem: string | undefined;
        try {
          answer = await sandbox.invokeResolver({
            app,
            moduleKey: target.moduleKey,
            functionKey: target.functionKey,
            payload: generated.payload,
            accountId,
            ...(options.cloudId ? { cloudId: options.cloudId } : {}),
            ...(options.extension?.(target.moduleKey)
              ? { extension: options.extension(target.moduleKey) }
              : {}),
          });
          problem = unclear(answer, generated);
        } catch (error) {
          answer = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          problem = 'the invocation failed';
        }
        if (generated.field !== undefined) fieldChecks++;
        if (problem === undefined) clearErrors++;
        else if (findings.length < 200)
          findings.push({
            moduleKey: target.moduleKey,
            functionKey: target.functionKey,
            category: generated.category,
            problem,
            payload: clip(generated.payload),
            answer: clip(answer),
          });
      }
    }
    if (sent < perResolver)
      findings.push({
        ...target,
        category: 'too-few',
        problem: `only ${sent} invalid payloads`,
        payload: '',
        answer: '',
      });
  }
  const storageWrites = sandbox.kvsWrites(app) - writesBefore;
  const productWrites = productWritesOf(sandbox, app, requestsBefore);
  const percent = payloads === 0 ? 0 : Math.floor((clearErrors / payloads) * 1000) / 10;
  return {
    app,
    resolvers: targets.length,
    perResolver,
    payloads,
    clearErrors,
    storageWrites,
    productWrites,
    byCategory,
    findings,
    fieldChecks,
    elapsedMs: Math.round(performance.now() - started),
    line:
      `fuzz ${app}: ${targets.length} resolvers × ${perResolver} payloads = ${payloads} invalid payloads, ` +
      `${clearErrors} clear errors (${percent} %), ${storageWrites} storage writes, ${productWrites} product writes`,
  };
}

// ---- web triggers -----------------------------------------------------------------------------------------

export interface WebTriggerFuzzReport {
  readonly requests: number;
  readonly clientErrors: number;
  readonly storageWrites: number;
  readonly productWrites: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly findings: readonly {
    readonly problem: string;
    readonly request: string;
    readonly answer: string;
  }[];
}

export interface WebTriggerCase {
  readonly method: string;
  readonly headers: Record<string, string | string[]>;
  readonly query: [string, string][];
  readonly body: string;
}

/**
 * Fires `count` generated bad requests (from `arbitrary`) at a web trigger, in-process; each must answer 4xx with a
 * body free of internal detail, and nothing may be written.
 */
export async function fuzzWebTrigger(
  sandbox: Sandbox,
  target: { app: string; cloudId: string; key: string },
  arbitrary: fc.Arbitrary<WebTriggerCase>,
  options: { count?: number; seed?: number } = {},
): Promise<WebTriggerFuzzReport> {
  const count = options.count ?? 1_000;
  const writesBefore = sandbox.kvsWrites(target.app);
  const requestsBefore = sandbox.requests.length;
  const byStatus: Record<string, number> = {};
  const findings: { problem: string; request: string; answer: string }[] = [];
  let clientErrors = 0;
  for (const c of fc.sample(arbitrary, { numRuns: count, seed: options.seed ?? 20_261_203 })) {
    let status: number;
    let body = '';
    try {
      const response = await sandbox.invokeWebTrigger(target, {
        method: c.method,
        path: '/',
        headers: c.headers,
        query: new URLSearchParams(c.query),
        body: c.body,
      });
      status = response.statusCode;
      body = response.body;
    } catch (error) {
      status = (error as { status?: number }).status ?? 500;
      body = error instanceof Error ? error.message : String(error);
    }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const problem =
      status < 400 || status >= 500
        ? `answered ${status}`
        : STACK_OR_INTERNAL.test(body)
          ? 'internal detail in the body'
          : undefined;
    if (problem === undefined) clientErrors++;
    else if (findings.length < 100) findings.push({ problem, request: clip(c), answer: body.slice(0, 300) });
  }
  return {
    requests: count,
    clientErrors,
    storageWrites: sandbox.kvsWrites(target.app) - writesBefore,
    productWrites: productWritesOf(sandbox, target.app, requestsBefore),
    byStatus,
    findings,
  };
}

export { nastyNumber, nastyString, wireValue };
