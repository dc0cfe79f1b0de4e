/**
 * The contract every emulated product API (Jira, JSM, Assets) is written against. A request arrives already
 * authenticated as a principal; a handler reads and mutates the site state and answers with Atlassian's
 * real status codes and JSON shapes. The same handlers serve the HTTP server (browser `requestJira`, tests with
 * curl) and the runtime's `__forge_fetch__` (apps' `asUser()` / `asApp()` calls).
 */

/** Who is calling. `app` is the app's own system user (`asApp()`); `user` is a person (`asUser()`). */
export type Principal =
  | { readonly kind: 'user'; readonly accountId: string }
  | { readonly kind: 'app'; readonly appKey: string }
  | { readonly kind: 'anonymous' };

export interface SiteRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/rest/api/3/issue/HD-1`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined. */
  readonly body: unknown;
  readonly principal: Principal;
}

export interface SiteResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-serialisable body; `undefined` for 204. */
  readonly body?: unknown;
}

/**
 * OAuth scopes that let an app call a route: satisfied when the app's manifest holds every scope of at least one
 * alternative (e.g. classic `[['read:jira-work']]` or granular `[['read:issue:jira', 'read:user:jira']]`).
 */
export type ScopeAlternatives = readonly (readonly string[])[];

export interface Route<State> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style pattern: `/rest/api/3/issue/:issueIdOrKey/comment`. */
  readonly pattern: string;
  readonly scopes: ScopeAlternatives;
  readonly handle: (req: SiteRequest, params: Readonly<Record<string, string>>, state: State) => SiteResponse;
}

/** Jira's error body shape. */
export function jiraError(status: number, ...errorMessages: string[]): SiteResponse {
  return { status, body: { errorMessages, errors: {} } };
}

/** JSM's error body shape. */
export function jsmError(status: number, errorMessage: string): SiteResponse {
  return { status, body: { errorMessage, i18nErrorMessage: { i18nKey: 'sd.error', parameters: [] } } };
}

/** Compiles route patterns once; `match` returns the route and its decoded params, or undefined. */
export function createRouter<State>(routes: readonly Route<State>[]) {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { route, names, regex: new RegExp(`^${source}/?$`) };
  });
  return {
    routes,
    match(method: string, path: string): { route: Route<State>; params: Record<string, string> } | undefined {
      for (const { route, names, regex } of compiled) {
        if (route.method !== method.toUpperCase()) continue;
        const m = regex.exec(path);
        if (!m) continue;
        const params: Record<string, string> = {};
        names.forEach((name, i) => {
          params[name] = decodeURIComponent(m[i + 1] ?? '');
        });
        return { route, params };
      }
      return undefined;
    },
    /** Whether some route serves this path with another method (for 405 vs 404). */
    hasPath(path: string): boolean {
      return compiled.some(({ regex }) => regex.test(path));
    },
  };
}

/** A person (or app user) on the site, as the other emulated products need to know them. */
export interface DirectoryUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly accountType: 'atlassian' | 'customer' | 'app';
  readonly active: boolean;
  readonly emailAddress: string | null;
  readonly groupIds: readonly string[];
}

/** What Jira knows about people, offered to Assets and the runtime (implemented by the Jira emulation). */
export interface Directory {
  user(accountId: string): DirectoryUser | undefined;
  users(): readonly DirectoryUser[];
  /** A licensed JSM agent in at least one service project. */
  isAgent(accountId: string): boolean;
  /** Holds Jira's global ADMINISTER permission. */
  isSiteAdmin(accountId: string): boolean;
}

/** A route found for a request, ready to run: what the runtime and HTTP server need from a site. */
export interface ResolvedRoute {
  readonly scopes: ScopeAlternatives;
  handle(req: SiteRequest): SiteResponse;
}

/** One emulated Atlassian site (cloudId) with all its product APIs. */
export interface SiteLike {
  readonly cloudId: string;
  readonly siteUrl: string;
  readonly directory: Directory;
  /** The route for a request, `'method-not-allowed'` when the path exists with other methods, or undefined. */
  resolve(method: string, path: string): ResolvedRoute | 'method-not-allowed' | undefined;
  /** Seeded users with their sandbox roles, for the user picker and `GET /sandbox/users`. */
  sandboxUsers?(): readonly SandboxUser[];
}

/** A seeded user as the sandbox shell lists them: who they are and which roles they were seeded with. */
export interface SandboxUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}
