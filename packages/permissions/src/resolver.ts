import { randomUUID } from 'node:crypto';
import { safeParseInput } from '@suite/sanitize';
import type { z } from 'zod';
import { authorise, type PermissionDeps } from './check';
import type { DenialCode } from './decision';
import type { AppRole, Policy } from './policy';
import { UserError, type UserErrorCode } from './user-error';

/** What every resolver returns to the frontend: data, or an error that is safe to show. */
export type ResolverResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: ResolverError };

export type ResolverError =
  | {
      readonly code: 'INVALID_INPUT';
      readonly message: string;
      readonly fields: readonly { path: string; message: string }[];
    }
  | { readonly code: 'FORBIDDEN'; readonly message: string }
  | { readonly code: 'RETRY'; readonly message: string }
  | { readonly code: 'INTERNAL'; readonly message: string; readonly reference: string }
  | { readonly code: UserErrorCode; readonly message: string };

export { UserError, type UserErrorCode };

export interface Logger {
  error(event: string, fields: Record<string, unknown>): void;
  warn(event: string, fields: Record<string, unknown>): void;
}

/** Structured one-line logs; callers pass codes and ids, never payloads, so nothing secret reaches the log. */
export const consoleLogger: Logger = {
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
  warn: (event, fields) => console.warn(JSON.stringify({ level: 'warn', event, ...fields })),
};

export interface ResolverDeps extends PermissionDeps {
  readonly logger?: Logger;
}

export interface HandlerArgs<Input, Prefetched = undefined> {
  readonly input: Input;
  /** What `prefetch` read, available only once authorisation passed. */
  readonly prefetched: Prefetched;
  readonly accountId: string;
  readonly roles: readonly AppRole[];
  /** The full platform context, for module-specific fields such as `extension.issue`. */
  readonly context: Readonly<Record<string, unknown>>;
}

export interface ResolverDefinition<Schema extends z.ZodType, Output, Prefetched = undefined> {
  /** Names the action in logs and the audit trail, e.g. `settings.save`. */
  readonly name: string;
  readonly input: Schema;
  readonly policy: Policy<z.output<Schema>>;
  /**
   * Read-only work started **as the user** at the same time as the permission check, so a view can load in one
   * round trip instead of two. Its result reaches the handler only if authorisation passes and is discarded
   * otherwise; since it runs as the user, it can only read what Jira already lets them see. Never write here.
   */
  readonly prefetch?: (args: {
    input: z.output<Schema>;
    context: Readonly<Record<string, unknown>>;
  }) => Promise<Prefetched>;
  readonly handler: (args: HandlerArgs<z.output<Schema>, Prefetched>) => Promise<Output> | Output;
  /** Payload cap before parsing; Forge itself allows 500 KB per invoke. */
  readonly maxInputBytes?: number;
}

interface ResolverRequest {
  readonly payload?: unknown;
  readonly context?: unknown;
}

const DENIAL_MESSAGES: Record<DenialCode, string> = {
  NO_CONTEXT: 'This action is not available here.',
  MODULE_NOT_ALLOWED: 'This action is not available here.',
  NOT_A_LICENSED_USER: 'Sign in with a licensed Jira account to use this.',
  LICENCE_INACTIVE: "This app's licence is not active on this site.",
  JIRA_PERMISSION_MISSING: "You don't have the Jira permission this action needs.",
  APP_ROLE_MISSING: 'Ask an app admin to give you access to this.',
  PERMISSION_CHECK_FAILED: "We couldn't confirm your permissions just now. Please try again.",
};

/**
 * The one way the suite defines a resolver, so none can skip a step:
 * parse the input → authorise with the policy → run the handler → map errors to safe messages.
 * Nothing in the handler runs, and nothing is written, unless the first two steps pass.
 */
export function createResolverKit(deps: ResolverDeps | (() => ResolverDeps)) {
  const resolveDeps = typeof deps === 'function' ? deps : () => deps;

  function defineResolver<Schema extends z.ZodType, Output, Prefetched = undefined>(
    definition: ResolverDefinition<Schema, Output, Prefetched>,
  ) {
    const resolver = async (request: ResolverRequest): Promise<ResolverResult<Output>> => {
      const current = resolveDeps();
      const logger = current.logger ?? consoleLogger;
      const parsed = safeParseInput(definition.input, request.payload ?? {}, {
        maxBytes: definition.maxInputBytes ?? 100_000,
      });
      if (!parsed.ok) {
        return {
          ok: false,
          error: { code: 'INVALID_INPUT', message: parsed.error.message, fields: parsed.error.issues },
        };
      }
      const input = parsed.data as z.output<Schema>;

      const context = (request.context ?? {}) as Record<string, unknown>;
      // Started before (and awaited after) the permission check; a failure here must not go unhandled if denied.
      const prefetch = definition.prefetch
        ? definition.prefetch({ input, context }).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          )
        : undefined;
      const decision = await authorise(definition.policy, request.context, input, current, definition.name);
      if (!decision.allowed) {
        logger.warn('resolver.denied', {
          resolver: definition.name,
          tier: decision.tier,
          code: decision.code,
          detail: decision.detail,
        });
        const code = decision.code === 'PERMISSION_CHECK_FAILED' ? 'RETRY' : 'FORBIDDEN';
        return { ok: false, error: { code, message: DENIAL_MESSAGES[decision.code] } };
      }

      try {
        const fetched = prefetch ? await prefetch : { ok: true as const, value: undefined };
        if (!fetched.ok) throw fetched.error;
        const data = await definition.handler({
          input,
          prefetched: fetched.value as Prefetched,
          accountId: decision.accountId,
          roles: decision.roles as AppRole[],
          context,
        });
        return { ok: true, data };
      } catch (error) {
        if (error instanceof UserError) {
          return { ok: false, error: { code: error.code, message: error.message } };
        }
        const reference = randomUUID();
        logger.error('resolver.failed', {
          resolver: definition.name,
          reference,
          error: error instanceof Error ? `${error.name}: ${error.message}` : typeof error,
        });
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `Something went wrong. Reference: ${reference}`, reference },
        };
      }
    };
    return withInputSpecs(resolver, [
      { name: definition.name, schema: definition.input, maxInputBytes: definition.maxInputBytes ?? 100_000 },
    ]);
  }

  return { defineResolver };
}

/**
 * The input a resolver function parses, readable from the function itself (also inside a built bundle: the key is
 * a registered symbol), so tests such as the sandbox's fuzz harness can derive invalid payloads from the schema of
 * every function an app defines, without a list to keep up to date.
 */
export const RESOLVER_INPUT: symbol = Symbol.for('@suite/permissions.resolverInput');

export interface ResolverInputSpec {
  readonly name: string;
  readonly schema: z.ZodType;
  /** The payload cap `parseInput` applies before the schema. */
  readonly maxInputBytes: number;
}

function withInputSpecs<F extends object>(fn: F, specs: readonly ResolverInputSpec[]): F {
  Object.defineProperty(fn, RESOLVER_INPUT, { value: Object.freeze([...specs]), enumerable: false });
  return fn;
}

/** The input specs of a resolver function (one per `defineResolver` it may run), or `undefined` if it has none. */
export function inputSpecsOf(fn: unknown): readonly ResolverInputSpec[] | undefined {
  if (typeof fn !== 'function') return undefined;
  const specs = (fn as unknown as Record<symbol, unknown>)[RESOLVER_INPUT];
  return Array.isArray(specs) ? (specs as ResolverInputSpec[]) : undefined;
}

/**
 * Marks a function that picks one of several `defineResolver` functions per request (e.g. by scope or by caller):
 * it exposes all their input specs, so a payload that none of them accepts is known to be invalid.
 */
export function routesTo<F extends object>(fn: F, targets: readonly unknown[]): F {
  const specs = targets.flatMap((target) => {
    const own = inputSpecsOf(target);
    if (!own) throw new Error('routesTo needs functions made by defineResolver');
    return own;
  });
  return withInputSpecs(fn, specs);
}
