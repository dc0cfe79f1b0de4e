/**
 * Calls emulated routes directly (no HTTP): match, then handle. For tests and tools; the HTTP server and the
 * runtime do the same with scope checks in front.
 */
import { createRouter, type Principal, type Route, type SiteResponse } from '../types';

export type DirectCall = (
  principal: Principal,
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => SiteResponse;

/** Builds a caller over a route table and a state; a path nobody serves answers 404 (405 for a wrong method). */
export function directCaller<State>(routes: readonly Route<State>[], state: State): DirectCall {
  const router = createRouter(routes);
  return (principal, method, url, body, headers = {}) => {
    const parsed = new URL(url, 'http://sandbox.invalid');
    const match = router.match(method, parsed.pathname);
    if (!match) {
      return router.hasPath(parsed.pathname)
        ? { status: 405, body: { errorMessages: ['Method not allowed'], errors: {} } }
        : { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
    }
    return match.route.handle(
      { method, path: parsed.pathname, query: parsed.searchParams, headers, body, principal },
      match.params,
      state,
    );
  };
}
