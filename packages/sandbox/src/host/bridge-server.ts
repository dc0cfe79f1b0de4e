import { InvocationFailure, type Sandbox } from '../runtime/sandbox';
import type { Principal } from '../site/types';
import { findModule, frameInfo, siteOf } from './context';

/** What the injected bridge posts to `/host/bridge/:command`. */
export interface BridgeRequest {
  readonly frame?: {
    readonly app?: unknown;
    readonly moduleKey?: unknown;
    readonly accountId?: unknown;
    readonly cloudId?: unknown;
    readonly extension?: unknown;
  };
  readonly payload?: unknown;
}

export interface BridgeAnswer {
  readonly status: number;
  readonly body: unknown;
}

const fail = (status: number, code: string, message: string): BridgeAnswer => ({
  status,
  body: { error: { code, message } },
});

/** The bridge commands that need the server: resolvers, product REST as the user, the module context. */
export const SERVER_COMMANDS = [
  'invoke',
  'fetchProduct',
  'getContext',
  '__permission__egressGet',
  '__permission__egressSet',
  '__permission__egressDeleteDomain',
  '__permission__egressDeleteGroup',
] as const;

const EGRESS_COMMANDS: Record<string, 'get' | 'set' | 'deleteDomain' | 'deleteGroup'> = {
  __permission__egressGet: 'get',
  __permission__egressSet: 'set',
  __permission__egressDeleteDomain: 'deleteDomain',
  __permission__egressDeleteGroup: 'deleteGroup',
};

export async function handleBridgeCommand(
  sandbox: Sandbox,
  command: string,
  request: BridgeRequest,
): Promise<BridgeAnswer> {
  const frame = request.frame ?? {};
  const app = typeof frame.app === 'string' ? frame.app : '';
  const moduleKey = typeof frame.moduleKey === 'string' ? frame.moduleKey : '';
  const accountId = typeof frame.accountId === 'string' && frame.accountId ? frame.accountId : undefined;
  const cloudId = typeof frame.cloudId === 'string' ? frame.cloudId : undefined;
  const extension =
    frame.extension && typeof frame.extension === 'object'
      ? (frame.extension as Record<string, unknown>)
      : {};
  const module = findModule(sandbox, app, moduleKey);
  if (!module) return fail(404, 'MODULE_NOT_FOUND', `No module "${moduleKey}" in app "${app}"`);
  const site = siteOf(sandbox, cloudId);
  if (!site) return fail(404, 'SITE_NOT_FOUND', `No site "${cloudId}" in this sandbox`);
  const payload = (request.payload ?? {}) as Record<string, unknown>;

  try {
    switch (command) {
      case 'invoke': {
        if (typeof payload.functionKey !== 'string')
          return fail(400, 'BAD_REQUEST', 'functionKey must be a string');
        const result = await sandbox.invokeResolver({
          app,
          moduleKey,
          functionKey: payload.functionKey,
          payload: payload.payload ?? {},
          ...(accountId ? { accountId } : {}),
          cloudId: site.cloudId,
          extension,
        });
        // With metadata the platform wraps the answer as { body, metadata }.
        const body = payload.metadata
          ? { body: result ?? null, metadata: payload.metadata }
          : (result ?? null);
        return { status: 200, body: { result: body } };
      }
      case 'getContext':
        return {
          status: 200,
          body: { result: frameInfo(sandbox, 'uikit', app, module, site, accountId, extension).context },
        };
      case 'fetchProduct':
        return {
          status: 200,
          body: { result: await fetchProduct(sandbox, app, site.cloudId, accountId, payload) },
        };
      case '__permission__egressGet':
      case '__permission__egressSet':
      case '__permission__egressDeleteDomain':
      case '__permission__egressDeleteGroup':
        return {
          status: 200,
          body: {
            result:
              sandbox.egressPermissions(
                app,
                site.cloudId,
                accountId,
                EGRESS_COMMANDS[command] ?? 'get',
                payload,
              ) ?? null,
          },
        };
      default:
        return fail(
          501,
          'NOT_IMPLEMENTED',
          `The sandbox host does not implement the bridge command "${command}"`,
        );
    }
  } catch (error) {
    if (error instanceof InvocationFailure) return fail(error.status, error.code, error.message);
    return fail(500, 'INTERNAL', error instanceof Error ? error.message : String(error));
  }
}

/**
 * `requestJira(path, init)` from the browser: the app's scopes are checked as the platform's proxy does, then the
 * call runs against the emulated site as the signed-in user (never as the app) and is added to the request log.
 */
async function fetchProduct(
  sandbox: Sandbox,
  app: string,
  cloudId: string,
  accountId: string | undefined,
  payload: Record<string, unknown>,
): Promise<{
  body: string;
  headers: Record<string, string>;
  status: number;
  statusText: string;
  isAttachment: false;
}> {
  const product = payload.product;
  if (product !== 'jira') {
    throw new InvocationFailure(
      'FUNCTION_ERROR',
      `The sandbox emulates Jira only, not "${String(product)}"`,
      501,
    );
  }
  const restPath = typeof payload.restPath === 'string' ? payload.restPath : '';
  if (!restPath.startsWith('/'))
    throw new InvocationFailure('FUNCTION_ERROR', 'restPath must start with /', 400);
  const site = sandbox.sites.get(cloudId);
  if (!site) throw new InvocationFailure('SITE_NOT_FOUND', `No site "${cloudId}"`, 404);
  const init = (payload.fetchRequestInit ?? {}) as { method?: unknown; headers?: unknown; body?: unknown };
  const method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
  const headers: Record<string, string> = {};
  if (Array.isArray(init.headers)) {
    for (const pair of init.headers) {
      if (Array.isArray(pair) && typeof pair[0] === 'string')
        headers[pair[0].toLowerCase()] = String(pair[1]);
    }
  } else if (init.headers && typeof init.headers === 'object') {
    for (const [k, v] of Object.entries(init.headers)) headers[k.toLowerCase()] = String(v);
  }
  const body = typeof init.body === 'string' && init.body ? init.body : undefined;
  const url = new URL(restPath, site.siteUrl);
  const started = Date.now();
  const startedAt = new Date().toISOString();
  const resolved = site.resolve(method, url.pathname);
  let response: Response;
  const held = new Set(sandbox.manifestOf(app).scopes);
  if (
    resolved &&
    resolved !== 'method-not-allowed' &&
    !resolved.scopes.some((alt) => alt.every((s) => held.has(s)))
  ) {
    response = Response.json({ code: 401, message: 'Unauthorized; scope does not match' }, { status: 401 });
  } else {
    const principal: Principal = accountId ? { kind: 'user', accountId } : { kind: 'anonymous' };
    response = await sandbox.applyFaultsAndHandle(site, url, method, principal, { headers }, body, resolved);
  }
  sandbox.requests.push({
    app,
    cloudId,
    as: 'user',
    ...(accountId ? { accountId } : {}),
    method,
    path: `${url.pathname}${url.search}`,
    status: response.status,
    startedAt,
    durationMs: Date.now() - started,
  });
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    outHeaders[k] = v;
  });
  return {
    body: await response.text(),
    headers: outHeaders,
    status: response.status,
    statusText: response.statusText,
    isAttachment: false,
  };
}
