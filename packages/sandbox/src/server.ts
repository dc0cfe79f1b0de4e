import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { FaultRule, StorageCrashRule } from './runtime/faults';
import type { InterleavingOptions } from './runtime/interleave';
import { InvocationFailure, type Sandbox } from './runtime/sandbox';
import type { Principal, SiteLike } from './site/types';

/** Hooks the server needs beyond the Sandbox itself (KVS inspection, reset). */
export interface ServerHooks {
  readonly kvsDump?: (app: string, cloudId: string) => unknown;
  readonly reset?: () => Promise<void> | void;
  /** The browser host (shell, app resources, bridge, tiles); answers true when it handled the request. */
  readonly host?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

const MAX_BODY = 6 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new InvocationFailure('PAYLOAD_TOO_LARGE', 'Request body too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  // A failure after the answer started (e.g. an app's header refused mid-write) can only end the answer.
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, status, { error: { code, message } });
}

/** Bad input to the sandbox's own endpoints: answered 400 with the field named, never 500. */
class BadRequest extends InvocationFailure {
  constructor(message: string) {
    super('FUNCTION_ERROR', message, 400);
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadRequest(`Invalid input: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

const faultRuleSchema = z.strictObject({
  pathPrefix: z.string().max(2_000).optional(),
  cloudId: z.string().max(200).optional(),
  // What a Response can carry (Response refuses 1xx).
  status: z.int().min(200).max(599).optional(),
  retryAfterSeconds: z.int().min(0).max(86_400).optional(),
  latencyMs: z
    .union([
      z.number().min(0).max(600_000),
      z
        .strictObject({ min: z.number().min(0).max(600_000), max: z.number().min(0).max(600_000) })
        .refine((r) => r.min <= r.max, { message: 'min must not exceed max' }),
    ])
    .optional(),
  hang: z.boolean().optional(),
  probability: z.number().min(0).max(1).optional(),
  times: z.int().min(0).optional(),
});

const interleavingSchema = z.object({
  seed: z.int({ error: 'Expected a number' }),
  maxYields: z.int().min(0).max(1_000).optional(),
  deliveryConcurrency: z.int().min(1).max(1_000).optional(),
  duplicateDeliveryRate: z.number().min(0).max(1).optional(),
});

/** A year: advancing further is not a test of anything, and would fire every schedule that many times. */
const MAX_ADVANCE_MS = 366 * 24 * 3_600_000;

/**
 * The sandbox over HTTP: the product APIs at their real paths (as `X-Sandbox-User`), web triggers at the URLs
 * `webTrigger.getUrl` hands out, and `/sandbox/*` control endpoints (documented in the package README).
 */
export function createSandboxServer(sandbox: Sandbox, hooks: ServerHooks = {}): Server {
  return createServer((req, res) => {
    // A body the route did not read is drained, so a kept-alive connection stays usable for the next request.
    res.once('finish', () => {
      if (!req.complete) req.resume();
    });
    handle(sandbox, hooks, req, res)
      .catch((error: unknown) => {
        if (error instanceof InvocationFailure) sendError(res, error.status, error.code, error.message);
        else sendError(res, 500, 'INTERNAL', error instanceof Error ? error.message : 'Internal error');
      })
      .catch(() => res.destroy());
  });
}

function siteFor(sandbox: Sandbox, req: IncomingMessage, url: URL): SiteLike | undefined {
  const wanted =
    (req.headers['x-sandbox-site'] as string | undefined) ?? url.searchParams.get('cloudId') ?? undefined;
  return wanted ? sandbox.sites.get(wanted) : sandbox.sites.values().next().value;
}

async function handle(
  sandbox: Sandbox,
  hooks: ServerHooks,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return sendError(res, 400, 'BAD_REQUEST', 'The request target is not a valid URL');
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const user = (req.headers['x-sandbox-user'] as string | undefined) || undefined;

  // Web triggers: any method, the body passed through as text.
  const trigger = /^\/x1\/([0-9a-f-]{36})(\/.*)?$/.exec(path);
  if (trigger) {
    const target = sandbox.webTriggerById(trigger[1] as string);
    if (!target) return sendError(res, 404, 'NOT_FOUND', 'No such web trigger');
    const body = await readBody(req);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = v;
    const response = await sandbox.invokeWebTrigger(target, {
      method,
      path,
      headers,
      query: url.searchParams,
      body,
    });
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) outHeaders[k] = v.join(', ');
    res.writeHead(response.statusCode, outHeaders);
    res.end(response.body);
    return;
  }

  if (path.startsWith('/sandbox/')) return control(sandbox, hooks, req, res, url, method, user);
  if (hooks.host && (await hooks.host(req, res, url))) return;

  // Product APIs at their real paths, as the user named by X-Sandbox-User (anonymous without it).
  if (path.startsWith('/rest/') || path.startsWith('/jsm/')) {
    const site = siteFor(sandbox, req, url);
    if (!site) return sendError(res, 404, 'SITE_NOT_FOUND', 'Unknown site');
    const principal: Principal = user ? { kind: 'user', accountId: user } : { kind: 'anonymous' };
    const body = method === 'GET' ? undefined : await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const response = await sandbox.applyFaultsAndHandle(
      site,
      url,
      method,
      principal,
      { headers },
      body || undefined,
    );
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      outHeaders[k] = v;
    });
    res.writeHead(response.status, outHeaders);
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  sendError(res, 404, 'NOT_FOUND', `Nothing at ${path}`);
}

async function control(
  sandbox: Sandbox,
  hooks: ServerHooks,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  user: string | undefined,
): Promise<void> {
  const path = url.pathname;
  const json = async (): Promise<Record<string, unknown>> => {
    const text = await readBody(req);
    if (!text) return {};
    // Deeper than any real payload, and deep enough to overflow the stack of whatever walks it next.
    if (nestingDepth(text) > MAX_JSON_DEPTH) {
      throw new InvocationFailure(
        'FUNCTION_ERROR',
        `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
        400,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadRequest('The request body is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new BadRequest('The request body must be a JSON object');
    return parsed as Record<string, unknown>;
  };

  const invoke = /^\/sandbox\/apps\/([^/]+)\/invoke$/.exec(path);
  if (invoke && method === 'POST') {
    const body = await json();
    if (typeof body.functionKey !== 'string')
      return sendError(res, 400, 'BAD_REQUEST', 'functionKey is required');
    const app = invoke[1] as string;
    const moduleKey =
      typeof body.moduleKey === 'string'
        ? body.moduleKey
        : sandbox.manifestOf(app).uiModules.find((m) => m.resolverFunction)?.key;
    if (!moduleKey) return sendError(res, 404, 'MODULE_NOT_FOUND', 'The app has no module with a resolver');
    const site = siteFor(sandbox, req, url);
    if (!site) return sendError(res, 404, 'SITE_NOT_FOUND', 'Unknown site');
    const functionKey = body.functionKey;
    let result: unknown;
    try {
      result = await sandbox.invokeResolver({
        app,
        moduleKey,
        functionKey,
        payload: body.payload,
        ...(user ? { accountId: user } : {}),
        cloudId: site.cloudId,
        ...(body.extension && typeof body.extension === 'object' && !Array.isArray(body.extension)
          ? { extension: body.extension as Record<string, unknown> }
          : {}),
      });
    } catch (error) {
      // A key the module's resolver does not define is the caller's mistake (404) when the app refused it by
      // throwing, as plain @forge/resolver does (apps using ownKeysOnly answer an envelope instead); the app still
      // saw (and may have audited) the call.
      const own = sandbox.resolverFunctionKeys(app, moduleKey);
      const unknownKey = own
        ? !own.includes(functionKey)
        : error instanceof Error && error.message.startsWith('Resolver has no definition for ');
      if (error instanceof InvocationFailure && error.code === 'FUNCTION_ERROR' && unknownKey)
        throw new InvocationFailure('FUNCTION_NOT_FOUND', error.message, 404);
      throw error;
    }
    return send(res, 200, result ?? null);
  }

  const scheduled = /^\/sandbox\/apps\/([^/]+)\/scheduled\/([^/]+)$/.exec(path);
  if (scheduled && method === 'POST') {
    const site = siteFor(sandbox, req, url);
    const result = await sandbox.fireScheduled(scheduled[1] as string, scheduled[2] as string, site?.cloudId);
    return send(res, 200, { fired: true, result: result ?? null });
  }

  const kvs = /^\/sandbox\/apps\/([^/]+)\/kvs$/.exec(path);
  if (kvs && method === 'GET' && hooks.kvsDump) {
    const site = siteFor(sandbox, req, url);
    return send(res, 200, hooks.kvsDump(kvs[1] as string, site?.cloudId ?? ''));
  }

  switch (`${method} ${path}`) {
    case 'GET /sandbox/users': {
      const site = siteFor(sandbox, req, url);
      return send(res, 200, site?.sandboxUsers?.() ?? []);
    }
    case 'GET /sandbox/sites':
      return send(
        res,
        200,
        [...sandbox.sites.values()].map((s) => ({ cloudId: s.cloudId, siteUrl: s.siteUrl })),
      );
    case 'GET /sandbox/apps':
      return send(
        res,
        200,
        sandbox.appKeys().map((key) => {
          const manifest = sandbox.manifestOf(key);
          return {
            key,
            appId: manifest.appId,
            bundleBytes: sandbox.bundleOf(key).bytes,
            scopes: manifest.scopes,
            modules: manifest.uiModules,
            webTriggers: manifest.webTriggers.map((t) => t.key),
            scheduledTriggers: manifest.scheduledTriggers,
            consumers: manifest.consumers,
          };
        }),
      );
    case 'GET /sandbox/requests':
      return send(res, 200, sandbox.requests.slice(-Number(url.searchParams.get('limit') ?? 500)));
    case 'GET /sandbox/interleaving':
      return send(res, 200, interleavingView(sandbox));
    case 'POST /sandbox/interleaving': {
      const body = await json();
      const options = numbers(body, ['seed', 'maxYields', 'deliveryConcurrency', 'duplicateDeliveryRate']);
      if (options.seed === undefined) return sendError(res, 400, 'INVALID_INPUT', 'seed: Expected a number');
      sandbox.setInterleaving(parseBody(interleavingSchema, options) as InterleavingOptions);
      return send(res, 200, interleavingView(sandbox));
    }
    case 'DELETE /sandbox/interleaving':
      sandbox.setInterleaving(undefined);
      return send(res, 200, interleavingView(sandbox));
    case 'GET /sandbox/storage-crash':
      return send(res, 200, crashView(sandbox));
    case 'POST /sandbox/storage-crash': {
      const body = await json();
      const at = Number(body.at);
      if (!Number.isInteger(at) || at < 1)
        return sendError(res, 400, 'INVALID_INPUT', 'at: Expected a whole number ≥ 1');
      if (body.when !== 'before' && body.when !== 'after')
        return sendError(res, 400, 'INVALID_INPUT', 'when: Expected "before" or "after"');
      if (body.kind !== undefined && body.kind !== 'throw' && body.kind !== 'hang')
        return sendError(res, 400, 'INVALID_INPUT', 'kind: Expected "throw" or "hang"');
      const rule: StorageCrashRule = {
        at,
        when: body.when,
        kind: body.kind ?? 'throw',
        ...(typeof body.app === 'string' ? { app: body.app } : {}),
      };
      sandbox.setStorageCrash(rule);
      return send(res, 200, crashView(sandbox));
    }
    case 'DELETE /sandbox/storage-crash':
      sandbox.setStorageCrash(undefined);
      return send(res, 200, crashView(sandbox));
    case 'GET /sandbox/faults':
      return send(res, 200, sandbox.faults.list());
    case 'POST /sandbox/faults': {
      const body = await json();
      const rules = parseBody(
        z.array(faultRuleSchema).max(100),
        Array.isArray(body.rules) ? body.rules : [body],
      ) as FaultRule[];
      sandbox.setFaults(rules);
      return send(res, 200, sandbox.faults.list());
    }
    case 'DELETE /sandbox/faults':
      sandbox.setFaults([]);
      return send(res, 200, []);
    case 'GET /sandbox/queues':
      return send(res, 200, {
        pending: sandbox.queue.list(),
        deliveries: sandbox.queue.deliveries.slice(-200),
      });
    case 'POST /sandbox/queues/drain':
      return send(res, 200, { delivered: await sandbox.drainQueues() });
    case 'GET /sandbox/clock':
      return send(res, 200, { now: sandbox.clock.now().toISOString(), mode: sandbox.clock.mode });
    case 'POST /sandbox/clock/advance': {
      const body = await json();
      const ms = Number(body.ms ?? 0);
      if (!Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS)
        return sendError(res, 400, 'BAD_REQUEST', `ms must be a number from 0 to ${MAX_ADVANCE_MS}`);
      await sandbox.advance(ms);
      return send(res, 200, { now: sandbox.clock.now().toISOString() });
    }
    case 'GET /sandbox/accounts':
      return send(res, 200, sandbox.personalData.list());
    case 'POST /sandbox/accounts/close':
    case 'POST /sandbox/accounts/update': {
      const body = await json();
      const accountId = body.accountId;
      if (typeof accountId !== 'string' || accountId === '' || accountId.length > 128)
        return sendError(res, 400, 'INVALID_INPUT', 'accountId: Expected an account id');
      if (path.endsWith('/close')) sandbox.closeAccount(accountId);
      else sandbox.updateAccount(accountId);
      return send(res, 200, sandbox.personalData.list());
    }
    case 'POST /sandbox/reset':
      await hooks.reset?.();
      return send(res, 200, { reset: true });
    default:
      return sendError(res, 404, 'NOT_FOUND', `Nothing at ${method} ${path}`);
  }
}

/** Listens on the port (0 = any free port) and tells the sandbox its public origin for web trigger URLs. */
export async function listen(
  server: Server,
  sandbox: Sandbox,
  port: number,
  host = '127.0.0.1',
): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  const origin = `http://localhost:${address.port}`;
  sandbox.baseUrl = origin;
  return origin;
}

function interleavingView(sandbox: Sandbox) {
  const i = sandbox.interleaver;
  return i
    ? {
        on: true,
        ...i.options,
        storageCalls: i.storageCalls,
        maxDeliveriesInFlight: i.maxDeliveriesInFlight,
      }
    : { on: false };
}

function crashView(sandbox: Sandbox) {
  const c = sandbox.storageCrash;
  return c
    ? { on: true, ...c.rule, calls: c.calls, fired: c.fired, crashed: c.crashed ?? null }
    : { on: false };
}

/** The finite numbers among `names` in a JSON body (the rest are ignored). */
function numbers(body: Record<string, unknown>, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const value = body[name];
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

const MAX_JSON_DEPTH = 200;

/** The deepest `[`/`{` nesting of a JSON text, brackets inside strings not counted (one pass, no recursion). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}
