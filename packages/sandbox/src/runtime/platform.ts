import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The seam between the real, unmodified `@forge/*` SDK and the sandbox. The SDK reaches its platform through
 * three process globals (shared/reference/forge-platform.md §1): `__forge_runtime__` (per-invocation context),
 * `__forge_fetch__` (every product, storage, events and web-trigger call) and the global `fetch` captured by
 * `@forge/api` for egress. All three are installed once, before any app bundle loads, and read the current
 * invocation from AsyncLocalStorage — so concurrent invocations each see their own user, app and site.
 */

export interface ForgeTarget {
  readonly type: string;
  readonly provider?: string;
  readonly remote?: string;
  readonly accountId?: string;
  readonly contextAri?: string;
}

/** Routes what one invocation sends to the platform; implemented by the sandbox. */
export interface PlatformHost {
  forgeFetch(
    invocation: Invocation,
    target: ForgeTarget,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response>;
  egressFetch(
    invocation: Invocation,
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
    next: typeof fetch,
  ): Promise<Response>;
}

export interface Invocation {
  readonly host: PlatformHost;
  readonly appKey: string;
  readonly cloudId: string;
  readonly invocationId: string;
  /** The calling user, when there is one (resolvers, web triggers have none). */
  readonly accountId: string | undefined;
  /** The object `@forge/api` reads as `global.__forge_runtime__`. */
  readonly runtime: Record<string, unknown>;
  /** What `process.env` shows app code: the app's variables only, as on the platform. */
  readonly env: Record<string, string>;
  /** Set when the platform would have killed the invocation; later platform calls from it fail. */
  expired: boolean;
}

const als = new AsyncLocalStorage<Invocation>();
let installed = false;

export function currentInvocation(): Invocation | undefined {
  return als.getStore();
}

export function runInvocation<T>(invocation: Invocation, fn: () => Promise<T>): Promise<T> {
  return als.run(invocation, fn);
}

/** Installs the globals once per process. Must run before any app bundle (and its copy of the SDK) loads. */
export function installPlatformGlobals(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;

  Object.defineProperty(g, '__forge_runtime__', {
    configurable: true,
    get: () => als.getStore()?.runtime,
  });

  g.__forge_fetch__ = async (target: ForgeTarget, path: string, init?: RequestInit) => {
    const invocation = als.getStore();
    if (!invocation) throw new Error('Forge runtime not found.');
    if (invocation.expired) throw new Error('The invocation has timed out: the platform has stopped it.');
    return invocation.host.forgeFetch(invocation, target, path, init);
  };

  const next = globalThis.fetch;
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const invocation = als.getStore();
    if (!invocation) return next(input, init);
    if (invocation.expired)
      return Promise.reject(new Error('The invocation has timed out: the platform has stopped it.'));
    return invocation.host.egressFetch(invocation, input, init, next);
  };

  // Inside an invocation `process.env` holds only the app's variables, as the Forge wrapper leaves it; the
  // host process (and tests) keep seeing their own environment.
  const realEnv = process.env;
  const envOf = () => als.getStore()?.env;
  const proxy = new Proxy(realEnv, {
    get: (t, k) => {
      const env = envOf();
      return env ? (typeof k === 'string' ? env[k] : undefined) : Reflect.get(t, k);
    },
    set: (t, k, v) => {
      const env = envOf();
      if (env && typeof k === 'string') {
        env[k] = String(v);
        return true;
      }
      return Reflect.set(t, k, v);
    },
    has: (t, k) => {
      const env = envOf();
      return env ? typeof k === 'string' && k in env : Reflect.has(t, k);
    },
    deleteProperty: (t, k) => {
      const env = envOf();
      if (env && typeof k === 'string') return delete env[k];
      return Reflect.deleteProperty(t, k);
    },
    ownKeys: (t) => {
      const env = envOf();
      return env ? Object.keys(env) : Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor: (t, k) => {
      const env = envOf();
      if (!env) return Reflect.getOwnPropertyDescriptor(t, k);
      return typeof k === 'string' && k in env
        ? { value: env[k], writable: true, enumerable: true, configurable: true }
        : undefined;
    },
  });
  Object.defineProperty(process, 'env', { value: proxy, configurable: true, writable: true });
}
