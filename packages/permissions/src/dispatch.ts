import { DENIAL_WINDOW_MS, recordDenied } from './attempts';
import type { KeyValueStore } from './store';

/**
 * `@forge/resolver` finds a function with `functionKey in this.functions`, which follows the prototype chain:
 * `constructor`, `toString`, `__proto__`… reach code that is not a resolver (`constructor` even returns the whole
 * invocation context). `ownKeysOnly` puts a check in front: only the app's own definitions are dispatched, and
 * every other key — unknown or inherited — gets the same error, which never echoes the key.
 */
/** Where `ownKeysOnly`'s handler keeps its own definitions (function key → function). */
export const RESOLVER_FUNCTIONS: symbol = Symbol.for('@suite/permissions.resolverFunctions');

/** The function keys and functions a handler made by `ownKeysOnly` dispatches to, or `undefined`. */
export function resolverFunctionsOf(handler: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof handler !== 'function') return undefined;
  const functions = (handler as unknown as Record<symbol, unknown>)[RESOLVER_FUNCTIONS];
  return typeof functions === 'object' && functions !== null
    ? (functions as Record<string, unknown>)
    : undefined;
}

export const UNKNOWN_FUNCTION_MESSAGE = 'This app has no such function.';

/**
 * The answer to a refused key: the resolver kit's error envelope, like any other refused call, rather than a
 * thrown error, so a caller sees a clear error and not a failed invocation (the sandbox's 500).
 */
export const UNKNOWN_FUNCTION_ANSWER = Object.freeze({
  ok: false as const,
  error: Object.freeze({ code: 'UNKNOWN_FUNCTION', message: UNKNOWN_FUNCTION_MESSAGE }),
});

interface ResolverLike {
  getDefinitions(): (request: never, runtime?: never) => Promise<unknown>;
}

export interface RefusedCall {
  /** The key as sent, cut to 64 characters of `[A-Za-z0-9_$]` (anything else becomes `?`). */
  readonly functionKey: string;
  readonly accountId: string | undefined;
}

export interface OwnKeysOptions {
  /** Told about each refused call (e.g. `auditRefusals`); its failure never changes the answer. */
  readonly onRefused?: (call: RefusedCall) => Promise<void> | void;
}

type Request = { readonly call?: { readonly functionKey?: unknown } } | undefined;
type Runtime = { readonly principal?: { readonly accountId?: unknown } } | undefined;

export function ownKeysOnly<R extends ResolverLike>(
  resolver: R,
  options: OwnKeysOptions = {},
): ReturnType<R['getDefinitions']> {
  // The definitions live in the resolver's own `functions` object (@forge/resolver 1.x); fail closed without it.
  const functions = (resolver as unknown as { functions?: Record<string, unknown> }).functions;
  if (!functions || typeof functions !== 'object')
    throw new Error('ownKeysOnly needs a @forge/resolver Resolver');
  const own = new Set(Object.keys(functions));
  const definitions = resolver.getDefinitions() as unknown as (
    request: Request,
    runtime: Runtime,
  ) => Promise<unknown>;
  const dispatch = async (request: Request, runtime: Runtime) => {
    const key = request?.call?.functionKey;
    if (typeof key !== 'string' || !own.has(key)) {
      const accountId = runtime?.principal?.accountId;
      try {
        await options.onRefused?.({
          functionKey: safeKey(key),
          accountId: typeof accountId === 'string' ? accountId : undefined,
        });
      } catch {
        // The refusal stands whether or not it could be recorded.
      }
      return UNKNOWN_FUNCTION_ANSWER;
    }
    return definitions(request, runtime);
  };
  // The own definitions, readable by tests (registered symbol, so also from a built bundle): key → function.
  Object.defineProperty(dispatch, RESOLVER_FUNCTIONS, {
    value: Object.freeze(Object.fromEntries([...own].map((key) => [key, functions[key]]))),
    enumerable: false,
  });
  return dispatch as unknown as ReturnType<R['getDefinitions']>;
}

function safeKey(key: unknown): string {
  if (typeof key !== 'string') return `(${typeof key})`;
  return key.slice(0, 64).replace(/[^A-Za-z0-9_$]/g, '?');
}

/** The window of `recordDenied`: a caller trying keys in a loop adds at most one audit entry per window. */
export const REFUSAL_WINDOW_MS = DENIAL_WINDOW_MS;

/**
 * Records refused calls in the audit log through the same aggregation as denied resolver calls: one entry per
 * caller per window, naming the first key tried and counting the attempts, so they cannot flood it.
 */
export function auditRefusals(store: KeyValueStore, now: () => Date = () => new Date()) {
  return async (call: RefusedCall): Promise<void> => {
    await recordDenied(
      store,
      {
        actor: call.accountId,
        action: 'resolver.unknownFunction',
        reason: `function key ${call.functionKey}`,
      },
      now,
    );
  };
}
